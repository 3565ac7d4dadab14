package dev.gyre.data.clean;

import dev.gyre.core.GyreException;
import dev.gyre.data.clean.FilterNode.AllOf;
import dev.gyre.data.clean.FilterNode.AnyOf;
import dev.gyre.data.clean.FilterNode.ColumnRef;
import dev.gyre.data.clean.FilterNode.Compare;
import dev.gyre.data.clean.FilterNode.In;
import dev.gyre.data.clean.FilterNode.IsNull;
import dev.gyre.data.clean.FilterNode.Literal;
import dev.gyre.data.clean.FilterNode.Not;
import dev.gyre.data.clean.FilterNode.Op;
import dev.gyre.data.clean.FilterNode.Operand;
import dev.gyre.data.clean.FilterNode.Truth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the row filter language into a {@link FilterNode} tree. A hand-written lexer and recursive-descent
 * parser: nothing is ever evaluated as Java, and no name is ever looked up by reflection.
 *
 * <pre>
 * expression := or
 * or         := and ("or" and)*
 * and        := not ("and" not)*
 * not        := "not" not | primary
 * primary    := "(" expression ")"
 *             | operand [ op operand | "is" ["not"] "null" | ["not"] "in" "(" literal ("," literal)* ")" ]
 * operand    := column | literal
 * column     := name | '"' quoted name '"'          (a doubled "" inside is one ")
 * literal    := number | "'" string "'" | true | false | null   (a doubled '' inside is one ')
 * op         := "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * </pre>
 *
 * Keywords are case-insensitive; a column whose name is a keyword, or contains anything but letters, digits
 * and {@code _}, is written in double quotes.
 */
final class FilterParser {

    /** Longest expression accepted, in characters. */
    static final int MAX_LENGTH = 10_000;
    /** Deepest nesting of parentheses and {@code not} accepted. */
    static final int MAX_DEPTH = 64;

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "null", "in", "true", "false");

    private enum Kind { NAME, QUOTED_NAME, NUMBER, STRING, LEFT, RIGHT, COMMA, OPERATOR, END }

    private record Token(Kind kind, String text, int position) {
        boolean isKeyword(String keyword) {
            return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
        }

        String describe() {
            return kind == Kind.END ? "the end of the expression" : "'" + text + "'";
        }
    }

    private final String input;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private FilterParser(String input) {
        this.input = input;
        this.tokens = lex(input);
    }

    /**
     * Parses an expression.
     *
     * @throws GyreException.InvalidArgument naming the position (1-based) and what was expected there
     */
    static FilterNode parse(String input) {
        if (input == null || input.isBlank()) {
            throw new GyreException.InvalidArgument("The filter expression is empty; write a condition such as"
                    + " age >= 18 and country = 'NO'.");
        }
        if (input.length() > MAX_LENGTH) {
            throw new GyreException.InvalidArgument("The filter expression is " + input.length()
                    + " characters long; at most " + MAX_LENGTH + " are accepted. Split it into several filter steps.");
        }
        FilterParser parser = new FilterParser(input);
        FilterNode node = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            String hint = rest.kind() == Kind.RIGHT ? "there is no '(' for this ')'"
                    : rest.kind() == Kind.LEFT ? "functions are not part of filters (use an sql step for those)"
                    : "join conditions with 'and' or 'or'";
            throw error(input, rest.position(), "unexpected " + rest.describe() + "; " + hint);
        }
        return node;
    }

    /** "Invalid filter 'x' at position N: detail." */
    static GyreException.InvalidArgument error(String input, int position, String detail) {
        String shown = input.length() <= 200 ? input : input.substring(0, 197) + "...";
        return new GyreException.InvalidArgument("Invalid filter '" + shown + "' at position " + position + ": "
                + detail + ".");
    }

    private FilterNode or() {
        int position = peek().position();
        List<FilterNode> parts = new ArrayList<>(List.of(and()));
        while (peek().isKeyword("or")) {
            next++;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new AnyOf(parts, position);
    }

    private FilterNode and() {
        int position = peek().position();
        List<FilterNode> parts = new ArrayList<>(List.of(not()));
        while (peek().isKeyword("and")) {
            next++;
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0) : new AllOf(parts, position);
    }

    private FilterNode not() {
        Token token = peek();
        if (token.isKeyword("not")) {
            next++;
            enter(token);
            FilterNode operand = not();
            depth--;
            return new Not(operand, token.position());
        }
        return primary();
    }

    private FilterNode primary() {
        Token token = peek();
        if (token.kind() == Kind.LEFT) {
            next++;
            enter(token);
            FilterNode inner = or();
            Token close = peek();
            if (close.kind() != Kind.RIGHT) {
                throw error(input, close.position(), "expected ')' to close the '(' at position " + token.position()
                        + ", got " + close.describe());
            }
            next++;
            depth--;
            return inner;
        }
        Operand operand = operand();
        Token after = peek();
        if (after.kind() == Kind.OPERATOR) {
            next++;
            return new Compare(operand, Op.parse(after.text()), operand(), after.position());
        }
        if (after.isKeyword("is")) {
            next++;
            boolean negated = peek().isKeyword("not");
            if (negated) {
                next++;
            }
            Token nullToken = peek();
            if (!nullToken.isKeyword("null")) {
                throw error(input, nullToken.position(), "expected 'null' after '" + (negated ? "is not" : "is")
                        + "', got " + nullToken.describe());
            }
            next++;
            return new IsNull(operand, negated, after.position());
        }
        if (after.isKeyword("in") || after.isKeyword("not") && tokens.get(next + 1).isKeyword("in")) {
            boolean negated = after.isKeyword("not");
            next += negated ? 2 : 1;
            return new In(operand, list(), negated, after.position());
        }
        return new Truth(operand);
    }

    private List<Literal> list() {
        Token open = peek();
        if (open.kind() != Kind.LEFT) {
            throw error(input, open.position(), "expected '(' and a list of values after 'in', got " + open.describe());
        }
        next++;
        List<Literal> values = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (!(operand() instanceof Literal literal)) {
                throw error(input, token.position(), "an 'in' list holds values (numbers, 'strings', true, false),"
                        + " not the column " + token.describe());
            }
            values.add(literal);
            Token separator = peek();
            next++;
            if (separator.kind() == Kind.RIGHT) {
                return values;
            }
            if (separator.kind() != Kind.COMMA) {
                throw error(input, separator.position(), "expected ',' or ')' in the 'in' list, got "
                        + separator.describe());
            }
        }
    }

    private Operand operand() {
        Token token = peek();
        next++;
        switch (token.kind()) {
            case QUOTED_NAME:
                return new ColumnRef(token.text(), token.position());
            case NUMBER:
                return new Literal(Double.valueOf(token.text()), token.text(), token.position());
            case STRING:
                return new Literal(token.text(), "'" + token.text() + "'", token.position());
            case NAME:
                String word = token.text().toLowerCase(Locale.ROOT);
                if (word.equals("true") || word.equals("false")) {
                    return new Literal(Boolean.valueOf(word), word, token.position());
                }
                if (word.equals("null")) {
                    return new Literal(null, "null", token.position());
                }
                if (!KEYWORDS.contains(word)) {
                    return new ColumnRef(token.text(), token.position());
                }
                throw error(input, token.position(), "expected a column name or a value, got the keyword '"
                        + token.text() + "' (write a column of that name in double quotes: \"" + token.text() + "\")");
            default:
                next--;
                throw error(input, token.position(), "expected a column name or a value, got " + token.describe());
        }
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw error(input, token.position(), "nested more than " + MAX_DEPTH + " levels deep; simplify the"
                    + " expression");
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private static List<Token> lex(String input) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            int position = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.LEFT : c == ')' ? Kind.RIGHT : Kind.COMMA, String.valueOf(c),
                        position));
                i++;
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                String two = i + 1 < n ? input.substring(i, i + 2) : "";
                String op = two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("<>") ? two
                        : String.valueOf(c);
                if (op.equals("!")) {
                    throw error(input, position, "'!' on its own is not an operator; write != or 'not'");
                }
                if (two.equals("==")) {
                    throw error(input, position, "write = (a single equals sign) to compare");
                }
                tokens.add(new Token(Kind.OPERATOR, op, position));
                i += op.length();
            } else if (c == '\'' || c == '"') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw error(input, position, (c == '\'' ? "the string" : "the quoted column name")
                                + " starting here is not closed; end it with " + c);
                    }
                    char d = input.charAt(j);
                    if (d == c) {
                        if (j + 1 < n && input.charAt(j + 1) == c) {
                            text.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(d);
                    j++;
                }
                if (c == '"' && text.isEmpty()) {
                    throw error(input, position, "a quoted column name must not be empty");
                }
                tokens.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_NAME, text.toString(), position));
                i = j + 1;
            } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < n
                    && (Character.isDigit(input.charAt(i + 1)) || input.charAt(i + 1) == '.')) {
                int j = number(input, i);
                tokens.add(new Token(Kind.NUMBER, input.substring(i, j), position));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(input.charAt(j)) || input.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(Kind.NAME, input.substring(i, j), position));
                i = j;
            } else {
                throw error(input, position, "unexpected character '" + c + "'; functions, arithmetic and other"
                        + " operators are not part of filters (use an sql step for those)");
            }
        }
        tokens.add(new Token(Kind.END, "", n + 1));
        return tokens;
    }

    /** The end of the number starting at {@code start}: [-] digits [. digits] [e [+-] digits]. */
    private static int number(String input, int start) {
        int n = input.length();
        int j = start;
        if (input.charAt(j) == '-') {
            j++;
        }
        int digits = 0;
        while (j < n && Character.isDigit(input.charAt(j))) {
            j++;
            digits++;
        }
        if (j < n && input.charAt(j) == '.') {
            j++;
            while (j < n && Character.isDigit(input.charAt(j))) {
                j++;
                digits++;
            }
        }
        if (digits > 0 && j < n && (input.charAt(j) == 'e' || input.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (input.charAt(k) == '+' || input.charAt(k) == '-')) {
                k++;
            }
            if (k < n && Character.isDigit(input.charAt(k))) {
                j = k;
                while (j < n && Character.isDigit(input.charAt(j))) {
                    j++;
                }
            }
        }
        if (digits == 0 || j < n && (Character.isLetter(input.charAt(j)) || input.charAt(j) == '_'
                || input.charAt(j) == '.')) {
            throw error(input, start + 1, "'" + input.substring(start, Math.min(n, j + 1)) + "' is not a number;"
                    + " write numbers like 42, -1.5 or 2e3, and column names starting with a letter (or in double quotes)");
        }
        return j;
    }
}
