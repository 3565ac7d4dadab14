package dev.gyre.tracking.registry;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parser of MLflow's registry search filters: comparisons joined by {@code AND}, such as
 * {@code name LIKE '%fraud%' AND tags.team = 'risk'} or {@code run_id IN ('a', 'b')}. Keys are bare
 * names or {@code tags.<key>}, with the tag key optionally quoted by backticks or double quotes;
 * values are single- or double-quoted strings (a doubled quote stands for itself) or plain integers.
 * Which keys and operators a search accepts is checked by the caller.
 */
final class SearchFilter {

    /** A comparison operator. */
    enum Op {
        EQ("="), NE("!="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"), NOT_IN("NOT IN");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    /**
     * One comparison.
     *
     * @param tag    whether the key is a tag key ({@code tags.<key>}) rather than an attribute
     * @param key    the attribute name (lower case) or the tag key (as written)
     * @param op     the operator
     * @param values one value, or the list for {@code IN}
     */
    record Clause(boolean tag, String key, Op op, List<String> values) {
        Clause {
            values = List.copyOf(values);
        }

        String value() {
            return values.get(0);
        }
    }

    private final String text;
    private int pos;

    private SearchFilter(String text) {
        this.text = text;
    }

    /**
     * Parses a filter; {@code null} or blank means no condition.
     *
     * @throws GyreException.InvalidArgument with the position and what was expected
     */
    static List<Clause> parse(String filter) {
        List<Clause> clauses = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return clauses;
        }
        SearchFilter parser = new SearchFilter(filter);
        clauses.add(parser.clause());
        while (parser.skipSpace()) {
            parser.keyword("AND");
            clauses.add(parser.clause());
        }
        return clauses;
    }

    private Clause clause() {
        skipSpace();
        String first = identifier();
        boolean tag = false;
        String key = first.toLowerCase(Locale.ROOT);
        if (peek() == '.') {
            pos++;
            String prefix = first.toLowerCase(Locale.ROOT);
            if (!prefix.equals("tags") && !prefix.equals("tag")) {
                throw error("unknown key prefix '" + first + "'; only tags.<key> has a prefix");
            }
            tag = true;
            char c = peek();
            key = c == '`' || c == '"' ? quoted(c) : identifier();
        }
        skipSpace();
        Op op = operator();
        skipSpace();
        List<String> values = new ArrayList<>();
        if (op == Op.IN || op == Op.NOT_IN) {
            expect('(');
            do {
                skipSpace();
                values.add(value());
                skipSpace();
            } while (consume(','));
            expect(')');
        } else {
            values.add(value());
        }
        return new Clause(tag, key, op, values);
    }

    private Op operator() {
        if (consume('=')) {
            return Op.EQ;
        }
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return Op.NE;
        }
        if (text.startsWith("<>", pos)) {
            pos += 2;
            return Op.NE;
        }
        String word = pos < text.length() && Character.isLetter(text.charAt(pos)) ? identifier().toUpperCase(Locale.ROOT) : "";
        switch (word) {
            case "LIKE":
                return Op.LIKE;
            case "ILIKE":
                return Op.ILIKE;
            case "IN":
                return Op.IN;
            case "NOT":
                skipSpace();
                keyword("IN");
                return Op.NOT_IN;
            default:
                throw error("expected one of =, !=, LIKE, ILIKE, IN, NOT IN");
        }
    }

    private String value() {
        char c = peek();
        if (c == '\'' || c == '"') {
            return quoted(c);
        }
        int start = pos;
        if (c == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start || (pos == start + 1 && c == '-')) {
            pos = start;
            throw error("expected a quoted string such as 'value'");
        }
        return text.substring(start, pos);
    }

    private String quoted(char quote) {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && text.charAt(pos) == quote) {
                    out.append(quote);
                    pos++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
        throw error("unterminated quoted string; close it with " + quote);
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key such as name or tags.<key>");
        }
        return text.substring(start, pos);
    }

    private void keyword(String word) {
        int start = pos;
        String found = pos < text.length() && Character.isLetter(text.charAt(pos)) ? identifier() : "";
        if (!found.equalsIgnoreCase(word)) {
            pos = start;
            throw error("expected " + word);
        }
    }

    private void expect(char c) {
        skipSpace();
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** Skips white space; whether anything but white space is left. */
    private boolean skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos < text.length();
    }

    private GyreException.InvalidArgument error(String problem) {
        return new GyreException.InvalidArgument("Invalid search filter at character " + (pos + 1) + ": " + problem
                + ". Example: name LIKE '%fraud%' AND tags.team = 'risk'.");
    }
}
