package dev.gyre.tracking.search;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order-by clause into {@link Token}s. Identifiers are words of letters, digits,
 * {@code _ . - / :}; the part after the first dot may instead be quoted with backticks or double quotes
 * ({@code tags."my key"}, {@code metrics.`a b`}). Strings are quoted with single or double quotes
 * (a quote is doubled to include it). Numbers are decimal with optional sign, fraction and exponent.
 */
public final class FilterLexer {

    private final String input;
    private final String what;
    private int pos;

    private FilterLexer(String input, String what) {
        this.input = input;
        this.what = what;
    }

    /**
     * The tokens of {@code input}, ending with an {@link Token.Kind#END} token.
     *
     * @param what how the input is called in messages, e.g. {@code filter}
     * @throws GyreException.InvalidArgument for an unterminated quote or a character that cannot start a token
     */
    public static List<Token> tokenize(String input, String what) {
        return new FilterLexer(input, what).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
                pos++;
            }
            if (pos >= input.length()) {
                tokens.add(new Token(Token.Kind.END, "", null, pos));
                return tokens;
            }
            int start = pos;
            char c = input.charAt(pos);
            if (c == '(') {
                pos++;
                tokens.add(new Token(Token.Kind.LPAREN, "(", null, start));
            } else if (c == ')') {
                pos++;
                tokens.add(new Token(Token.Kind.RPAREN, ")", null, start));
            } else if (c == ',') {
                pos++;
                tokens.add(new Token(Token.Kind.COMMA, ",", null, start));
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                tokens.add(comparator(start));
            } else if (c == '\'' || c == '"') {
                tokens.add(new Token(Token.Kind.STRING, quoted(c), null, start));
            } else if (c == '`') {
                throw FilterErrors.at(input, what, start, "a quoted key must follow an entity prefix such as"
                        + " tags.`my key`");
            } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && pos + 1 < input.length()
                    && (Character.isDigit(input.charAt(pos + 1)) || input.charAt(pos + 1) == '.'))) {
                tokens.add(new Token(Token.Kind.NUMBER, number(), null, start));
            } else if (Character.isLetter(c) || c == '_') {
                tokens.add(identifier(start));
            } else {
                throw FilterErrors.at(input, what, start, "unexpected character '" + c + "'");
            }
        }
    }

    private Token comparator(int start) {
        char c = input.charAt(pos);
        char next = pos + 1 < input.length() ? input.charAt(pos + 1) : 0;
        String text;
        if (c == '!' && next == '=') {
            text = "!=";
        } else if ((c == '>' || c == '<') && next == '=') {
            text = c + "=";
        } else if (c == '<' && next == '>') {
            text = "!=";
            pos += 2;
            return new Token(Token.Kind.COMPARATOR, text, null, start);
        } else if (c == '=' && next == '=') {
            text = "=";
            pos += 2;
            return new Token(Token.Kind.COMPARATOR, text, null, start);
        } else if (c == '!') {
            throw FilterErrors.at(input, what, start, "unexpected character '!' (did you mean '!='?)");
        } else {
            text = String.valueOf(c);
        }
        pos += text.length();
        return new Token(Token.Kind.COMPARATOR, text, null, start);
    }

    private String quoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder text = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == quote) {
                if (pos + 1 < input.length() && input.charAt(pos + 1) == quote) {
                    text.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return text.toString();
            }
            text.append(c);
            pos++;
        }
        throw FilterErrors.at(input, what, start, "the quote " + quote + " opened here is never closed");
    }

    private String number() {
        int start = pos;
        if (input.charAt(pos) == '-' || input.charAt(pos) == '+') {
            pos++;
        }
        while (pos < input.length() && (Character.isDigit(input.charAt(pos)) || input.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')) {
            pos++;
            if (pos < input.length() && (input.charAt(pos) == '-' || input.charAt(pos) == '+')) {
                pos++;
            }
            while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
                pos++;
            }
        }
        String text = input.substring(start, pos);
        if (pos < input.length() && (Character.isLetter(input.charAt(pos)) || input.charAt(pos) == '_')) {
            throw FilterErrors.at(input, what, start, "'" + text + input.charAt(pos)
                    + "...' is neither a number nor an identifier (identifiers start with a letter)");
        }
        try {
            Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw FilterErrors.at(input, what, start, "'" + text + "' is not a number");
        }
        return text;
    }

    private Token identifier(int start) {
        while (pos < input.length() && isWordChar(input.charAt(pos))) {
            if (input.charAt(pos) == '.') {
                String prefix = input.substring(start, pos);
                pos++;
                if (pos < input.length() && (input.charAt(pos) == '"' || input.charAt(pos) == '`')) {
                    String key = quoted(input.charAt(pos));
                    return new Token(Token.Kind.IDENTIFIER, prefix, key, start);
                }
                int keyStart = pos;
                while (pos < input.length() && isWordChar(input.charAt(pos))) {
                    pos++;
                }
                return new Token(Token.Kind.IDENTIFIER, prefix, input.substring(keyStart, pos), start);
            }
            pos++;
        }
        return new Token(Token.Kind.IDENTIFIER, input.substring(start, pos), null, start);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':';
    }
}
