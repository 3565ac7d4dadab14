package dev.gyre.pipelines.internal;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The condition language's tokenizer, recursive-descent parser and syntax tree, with evaluation. Grammar:
 *
 * <pre>
 * expr       := and ('or' and)*
 * and        := unary ('and' unary)*
 * unary      := 'not' unary | '(' expr ')' | comparison
 * comparison := operand (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand)?
 * operand    := path | number | 'text' | "text" | true | false | null
 * path       := name ('.' name)*      name := [A-Za-z_][A-Za-z0-9_-]*
 * </pre>
 *
 * A comparison without an operator is a test: a path holds when its value is {@code true}; a bare
 * {@code true} or {@code false} is itself. Thread-safe: trees are immutable.
 */
public final class ConditionSyntax {
    private ConditionSyntax() {
    }

    /** The outcome of evaluating a tree: whether it holds and why, quoting the values read. */
    public record Outcome(boolean holds, String reason) {
    }

    /** A node of the syntax tree. */
    public sealed interface Expr permits Or, And, Not, Compare, Test {
        /** Evaluates over plain results (nested maps). */
        Outcome evaluate(Map<String, ?> results);
    }

    /** A side of a comparison. */
    public sealed interface Operand permits Path, Literal {
    }

    /** A dotted path into the results. */
    public record Path(String text, List<String> segments) implements Operand {
    }

    /** A number ({@link Long} or {@link Double}), text, boolean or null. */
    public record Literal(Object value) implements Operand {
    }

    /** Comparison operators. */
    public enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        Op negated() {
            return switch (this) {
                case EQ -> NE;
                case NE -> EQ;
                case LT -> GE;
                case LE -> GT;
                case GT -> LE;
                case GE -> LT;
            };
        }
    }

    /** Holds when any part holds (left to right, stopping at the first that holds). */
    public record Or(List<Expr> parts) implements Expr {
        @Override
        public Outcome evaluate(Map<String, ?> results) {
            List<String> reasons = new ArrayList<>();
            for (Expr part : parts) {
                Outcome o = part.evaluate(results);
                if (o.holds()) {
                    return o;
                }
                reasons.add(o.reason());
            }
            return new Outcome(false, String.join(" and ", reasons));
        }
    }

    /** Holds when every part holds (left to right, stopping at the first that does not). */
    public record And(List<Expr> parts) implements Expr {
        @Override
        public Outcome evaluate(Map<String, ?> results) {
            List<String> reasons = new ArrayList<>();
            for (Expr part : parts) {
                Outcome o = part.evaluate(results);
                if (!o.holds()) {
                    return o;
                }
                reasons.add(o.reason());
            }
            return new Outcome(true, String.join(" and ", reasons));
        }
    }

    /** Holds when its operand does not; the reason is the operand's (it states the values read). */
    public record Not(Expr operand) implements Expr {
        @Override
        public Outcome evaluate(Map<String, ?> results) {
            Outcome o = operand.evaluate(results);
            return new Outcome(!o.holds(), o.reason());
        }
    }

    /** A path that must be {@code true}, or a boolean literal. */
    public record Test(Operand operand) implements Expr {
        @Override
        public Outcome evaluate(Map<String, ?> results) {
            if (operand instanceof Literal literal) {
                boolean b = Boolean.TRUE.equals(literal.value());
                return new Outcome(b, String.valueOf(b));
            }
            Path path = (Path) operand;
            Resolved r = resolve(path, results);
            if (!r.found()) {
                return new Outcome(false, path.text() + " is missing");
            }
            boolean holds = Boolean.TRUE.equals(r.value());
            return new Outcome(holds, path.text() + " = " + Canonical.format(r.value()) + (holds ? "" : ", not true"));
        }
    }

    /** A comparison of two operands. */
    public record Compare(Operand left, Op op, Operand right) implements Expr {
        @Override
        public Outcome evaluate(Map<String, ?> results) {
            Resolved l = resolve(left, results);
            if (!l.found()) {
                return new Outcome(false, ((Path) left).text() + " is missing");
            }
            Resolved r = resolve(right, results);
            if (!r.found()) {
                return new Outcome(false, ((Path) right).text() + " is missing");
            }
            String ls = describe(left, l.value());
            String rs = describe(right, r.value());
            Object a = l.value();
            Object b = r.value();
            if (isNaN(a) || isNaN(b)) {
                return new Outcome(op == Op.NE, (isNaN(a) ? ls : rs) + " is not a number, so it is neither equal to"
                        + " nor ordered with anything");
            }
            boolean holds;
            if (a instanceof Number x && b instanceof Number y) {
                int c = Double.compare(x.doubleValue(), y.doubleValue());
                if (x.doubleValue() == y.doubleValue()) {
                    c = 0; // 0.0 == -0.0
                }
                holds = test(op, c);
            } else if (a instanceof String x && b instanceof String y) {
                holds = test(op, x.compareTo(y));
            } else if (op == Op.EQ || op == Op.NE) {
                boolean equal = a == null ? b == null : a.equals(b);
                holds = (op == Op.EQ) == equal;
            } else {
                return new Outcome(false, ls + " and " + rs + " cannot be ordered by " + op.symbol()
                        + " (only two numbers or two texts can)");
            }
            return new Outcome(holds, ls + " " + (holds ? op : op.negated()).symbol() + " " + rs);
        }

        private static boolean test(Op op, int c) {
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
    }

    private static boolean isNaN(Object v) {
        return v instanceof Number n && Double.isNaN(n.doubleValue());
    }

    private static String describe(Operand operand, Object value) {
        String shown = Canonical.format(value);
        return operand instanceof Path p ? p.text() + " = " + shown : shown;
    }

    private record Resolved(boolean found, Object value) {
    }

    private static Resolved resolve(Operand operand, Map<String, ?> results) {
        if (operand instanceof Literal literal) {
            return new Resolved(true, literal.value());
        }
        Object current = results;
        for (String segment : ((Path) operand).segments()) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(segment)) {
                return new Resolved(false, null);
            }
            current = map.get(segment);
        }
        return new Resolved(true, current);
    }

    // ---------------------------------------------------------------- parsing

    private enum T { PATH, NUMBER, STRING, OP, LPAREN, RPAREN, AND, OR, NOT, TRUE, FALSE, NULL, END }

    private record Token(T type, String text, Object value, int column) {
    }

    /**
     * Parses a condition.
     *
     * @throws GyreException.InvalidArgument naming the column and the fix
     */
    public static Expr parse(String text) {
        Parser parser = new Parser(text, tokens(text));
        Expr expr = parser.or();
        Token next = parser.peek();
        if (next.type() != T.END) {
            throw error(text, next.column(), "unexpected " + show(next) + " after a complete condition; join"
                    + " conditions with 'and' or 'or'");
        }
        return expr;
    }

    private static GyreException.InvalidArgument error(String text, int column, String message) {
        return new GyreException.InvalidArgument("Condition '" + text + "', column " + column + ": " + message + ".");
    }

    private static String show(Token t) {
        return t.type() == T.END ? "the end of the condition" : "'" + t.text() + "'";
    }

    private static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(T.LPAREN, "(", null, col));
                i++;
            } else if (c == ')') {
                out.add(new Token(T.RPAREN, ")", null, col));
                i++;
            } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                boolean eq = i + 1 < n && text.charAt(i + 1) == '=';
                if (c == '=' && !eq && i + 1 < n && (text.charAt(i + 1) == '>' || text.charAt(i + 1) == '<')) {
                    throw error(text, col, "'=" + text.charAt(i + 1) + "' is not an operator; write '"
                            + text.charAt(i + 1) + "='");
                }
                if (c == '=' && !eq) {
                    throw error(text, col, "a single '=' is not an operator; write '==' to compare");
                }
                if (c == '!' && !eq) {
                    throw error(text, col, "'!' is not an operator; write 'not' to negate, or '!=' for not equal");
                }
                String op = eq ? text.substring(i, i + 2) : String.valueOf(c);
                out.add(new Token(T.OP, op, null, col));
                i += op.length();
                if (i < n && text.charAt(i) == '=') {
                    throw error(text, i + 1, "unexpected '=' after '" + op + "'; the operators are == != < <= > >=");
                }
            } else if (c == '&' || c == '|') {
                throw error(text, col, "'" + c + "' is not an operator; write " + (c == '&' ? "'and'" : "'or'"));
            } else if (c == '\'' || c == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        sb.append(text.charAt(j + 1));
                        j += 2;
                    } else if (d == c) {
                        closed = true;
                        j++;
                        break;
                    } else {
                        sb.append(d);
                        j++;
                    }
                }
                if (!closed) {
                    throw error(text, col, "the text starting here is not closed; end it with " + c);
                }
                out.add(new Token(T.STRING, text.substring(i, j), sb.toString(), col));
                i = j;
            } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < n
                    && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.'))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.'
                        || ((text.charAt(j) == '-' || text.charAt(j) == '+')
                        && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E')))) {
                    j++;
                }
                String number = text.substring(i, j);
                if (!number.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw error(text, col, "'" + number + "' is not a number; write numbers like 3, 0.85 or 1e-3");
                }
                Object value = number.matches("[+-]?\\d+") && number.replaceAll("[+-]", "").length() < 19
                        ? (Object) Long.parseLong(number) : Canonical.plain(Double.parseDouble(number), "number");
                out.add(new Token(T.NUMBER, number, value, col));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                List<String> segments = new ArrayList<>();
                while (true) {
                    int start = j;
                    if (j >= n || !(Character.isLetter(text.charAt(j)) || text.charAt(j) == '_')) {
                        throw error(text, j + 1, "a path segment must start with a letter or '_' (after '"
                                + text.substring(i, j) + "')");
                    }
                    while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                            || text.charAt(j) == '-')) {
                        j++;
                    }
                    segments.add(text.substring(start, j));
                    if (j < n && text.charAt(j) == '.') {
                        j++;
                    } else {
                        break;
                    }
                }
                String word = text.substring(i, j);
                T type = switch (word) {
                    case "and" -> T.AND;
                    case "or" -> T.OR;
                    case "not" -> T.NOT;
                    case "true" -> T.TRUE;
                    case "false" -> T.FALSE;
                    case "null" -> T.NULL;
                    default -> T.PATH;
                };
                Object value = type == T.PATH ? new Path(word, List.copyOf(segments)) : null;
                out.add(new Token(type, word, value, col));
                i = j;
            } else {
                throw error(text, col, "unexpected character '" + c + "'; a condition is made of paths, numbers,"
                        + " quoted text, true/false/null, == != < <= > >=, and, or, not and parentheses");
            }
        }
        out.add(new Token(T.END, "", null, n + 1));
        return out;
    }

    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private int at;
        private int depth;

        Parser(String text, List<Token> tokens) {
            this.text = text;
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(at);
        }

        Token next() {
            return tokens.get(at++);
        }

        Expr or() {
            List<Expr> parts = new ArrayList<>();
            parts.add(and());
            while (peek().type() == T.OR) {
                next();
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(List.copyOf(parts));
        }

        Expr and() {
            List<Expr> parts = new ArrayList<>();
            parts.add(unary());
            while (peek().type() == T.AND) {
                next();
                parts.add(unary());
            }
            return parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
        }

        Expr unary() {
            Token t = peek();
            if (++depth > 100) {
                throw error(text, t.column(), "the condition nests deeper than 100 levels; simplify it");
            }
            try {
                if (t.type() == T.NOT) {
                    next();
                    return new Not(unary());
                }
                if (t.type() == T.LPAREN) {
                    next();
                    Expr inner = or();
                    Token close = next();
                    if (close.type() != T.RPAREN) {
                        throw error(text, close.column(), "expected ')' to close the '(' at column " + t.column()
                                + ", found " + show(close));
                    }
                    return inner;
                }
                return comparison();
            } finally {
                depth--;
            }
        }

        Expr comparison() {
            Token first = peek();
            Operand left = operand();
            if (peek().type() != T.OP) {
                if (left instanceof Literal literal && !(literal.value() instanceof Boolean)) {
                    throw error(text, first.column(), show(first) + " alone is not a condition; compare it,"
                            + " e.g. metrics.roc_auc >= " + first.text());
                }
                return new Test(left);
            }
            Op op = op(next().text());
            Token second = peek();
            Operand right = operand();
            if (peek().type() == T.OP) {
                throw error(text, peek().column(), "comparisons do not chain; write 'a < b and b < c'");
            }
            if (left instanceof Literal && right instanceof Literal) {
                throw error(text, second.column(), "both sides are constants; compare a path such as"
                        + " metrics.roc_auc with a value");
            }
            return new Compare(left, op, right);
        }

        Operand operand() {
            Token t = next();
            return switch (t.type()) {
                case PATH -> (Path) t.value();
                case NUMBER, STRING -> new Literal(t.value());
                case TRUE -> new Literal(Boolean.TRUE);
                case FALSE -> new Literal(Boolean.FALSE);
                case NULL -> new Literal(null);
                default -> throw error(text, t.column(), "expected a path, a number, quoted text, true, false or"
                        + " null, found " + show(t) + (t.type() == T.END ? "; complete the condition"
                        : t.type() == T.OP ? "; put a value on the left of " + t.text() : ""));
            };
        }

        private static Op op(String symbol) {
            for (Op op : Op.values()) {
                if (op.symbol().equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalStateException(symbol);
        }
    }

    /** The paths a tree reads, in written order, each once. */
    public static List<String> paths(Expr expr) {
        List<String> out = new ArrayList<>();
        collect(expr, out);
        return List.copyOf(out);
    }

    private static void collect(Expr expr, List<String> out) {
        if (expr instanceof Or or) {
            or.parts().forEach(p -> collect(p, out));
        } else if (expr instanceof And and) {
            and.parts().forEach(p -> collect(p, out));
        } else if (expr instanceof Not not) {
            collect(not.operand(), out);
        } else if (expr instanceof Test test) {
            add(test.operand(), out);
        } else if (expr instanceof Compare c) {
            add(c.left(), out);
            add(c.right(), out);
        }
    }

    private static void add(Operand operand, List<String> out) {
        if (operand instanceof Path p && !out.contains(p.text())) {
            out.add(p.text());
        }
    }
}
