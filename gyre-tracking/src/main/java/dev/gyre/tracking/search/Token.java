package dev.gyre.tracking.search;

/**
 * One token of a filter or order-by clause.
 *
 * @param kind     what it is
 * @param text     the identifier's entity prefix or the whole word, the unquoted string, the number or the symbol
 * @param key      for an identifier written {@code prefix.key} or {@code prefix."key"}, the key; otherwise {@code null}
 * @param position 0-based offset of its first character in the input
 */
public record Token(Kind kind, String text, String key, int position) {

    /** Token kinds. */
    public enum Kind { IDENTIFIER, STRING, NUMBER, COMPARATOR, LPAREN, RPAREN, COMMA, END }

    /** Whether this is an identifier with exactly this word (case-insensitive) and no key. */
    public boolean isWord(String word) {
        return kind == Kind.IDENTIFIER && key == null && text.equalsIgnoreCase(word);
    }

    /** How the token reads in an error message. */
    public String describe() {
        return switch (kind) {
            case END -> "the end of the input";
            case STRING -> "the string '" + text + "'";
            case IDENTIFIER -> "'" + (key == null ? text : text + "." + key) + "'";
            default -> "'" + text + "'";
        };
    }
}
