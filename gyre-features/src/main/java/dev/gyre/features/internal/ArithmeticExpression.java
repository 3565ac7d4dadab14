package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * A small, safe arithmetic language for derived columns, parsed by hand (no scripting engine, no
 * reflection):
 *
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/') unary)*
 * unary      := ('-' | '+') unary | primary
 * primary    := number | column | '(' expression ')'
 * number     := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits]   (or '.' digits ...)
 * column     := [A-Za-z_][A-Za-z0-9_]*  |  '`' any characters but '`' '`'
 * </pre>
 *
 * Evaluation is IEEE double arithmetic; a missing operand is NaN and so propagates. Callers turn a
 * non-finite result (missing, or a division by zero) into a missing value. Immutable and thread-safe.
 */
public final class ArithmeticExpression {
    /** Longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 2000;
    /** Deepest nesting accepted (parentheses and unary signs). */
    public static final int MAX_DEPTH = 50;

    private final String text;
    private final Node root;
    private final List<String> columns;

    private ArithmeticExpression(String text, Node root, List<String> columns) {
        this.text = text;
        this.root = root;
        this.columns = columns;
    }

    /**
     * Parses an expression.
     *
     * @throws GyreException.InvalidArgument saying what was expected at which character
     */
    public static ArithmeticExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new GyreException.InvalidArgument("the expression is empty; write one such as \"SibSp + Parch + 1\".");
        }
        if (text.length() > MAX_LENGTH) {
            throw new GyreException.InvalidArgument("the expression is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        Parser parser = new Parser(text);
        Node root = parser.expression(0);
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "'; an operator (+ - * /) or the end");
        }
        return new ArithmeticExpression(text, root, List.copyOf(parser.columns));
    }

    /** The text it was parsed from. */
    public String text() {
        return text;
    }

    /** The columns it reads, in first-use order. */
    public List<String> columns() {
        return columns;
    }

    /**
     * Binds column names to slots of a {@code double[]}.
     *
     * @param slots the slot of each name in {@link #columns()}
     */
    public Bound bind(ToIntFunction<String> slots) {
        return new Bound(root.bind(slots));
    }

    /** An expression whose columns are slot indexes; evaluates without allocating. */
    public static final class Bound {
        private final Node root;

        private Bound(Node root) {
            this.root = root;
        }

        /** The value over {@code values} (NaN for missing operands propagates). */
        public double evaluate(double[] values) {
            return root.eval(values);
        }
    }

    private abstract static class Node {
        abstract double eval(double[] values);

        abstract Node bind(ToIntFunction<String> slots);
    }

    private static final class Constant extends Node {
        final double value;

        Constant(double value) {
            this.value = value;
        }

        @Override
        double eval(double[] values) {
            return value;
        }

        @Override
        Node bind(ToIntFunction<String> slots) {
            return this;
        }
    }

    private static final class Ref extends Node {
        final String name;
        final int slot;

        Ref(String name, int slot) {
            this.name = name;
            this.slot = slot;
        }

        @Override
        double eval(double[] values) {
            return values[slot];
        }

        @Override
        Node bind(ToIntFunction<String> slots) {
            return new Ref(name, slots.applyAsInt(name));
        }
    }

    private static final class Negate extends Node {
        final Node operand;

        Negate(Node operand) {
            this.operand = operand;
        }

        @Override
        double eval(double[] values) {
            return -operand.eval(values);
        }

        @Override
        Node bind(ToIntFunction<String> slots) {
            return new Negate(operand.bind(slots));
        }
    }

    private static final class Binary extends Node {
        final char op;
        final Node left;
        final Node right;

        Binary(char op, Node left, Node right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        double eval(double[] values) {
            double a = left.eval(values);
            double b = right.eval(values);
            return switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                default -> a / b;
            };
        }

        @Override
        Node bind(ToIntFunction<String> slots) {
            return new Binary(op, left.bind(slots), right.bind(slots));
        }
    }

    private static final class Parser {
        final String text;
        final Set<String> columns = new LinkedHashSet<>();
        int pos;

        Parser(String text) {
            this.text = text;
        }

        GyreException.InvalidArgument error(String expected) {
            return new GyreException.InvalidArgument("in the expression \"" + text + "\" at character " + (pos + 1)
                    + ": " + expected + " was expected.");
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean accept(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Node expression(int depth) {
            Node left = term(depth);
            while (true) {
                if (accept('+')) {
                    left = new Binary('+', left, term(depth));
                } else if (accept('-')) {
                    left = new Binary('-', left, term(depth));
                } else {
                    return left;
                }
            }
        }

        Node term(int depth) {
            Node left = unary(depth);
            while (true) {
                if (accept('*')) {
                    left = new Binary('*', left, unary(depth));
                } else if (accept('/')) {
                    left = new Binary('/', left, unary(depth));
                } else {
                    return left;
                }
            }
        }

        Node unary(int depth) {
            if (depth > MAX_DEPTH) {
                throw new GyreException.InvalidArgument("the expression \"" + text + "\" nests deeper than "
                        + MAX_DEPTH + " levels; simplify it.");
            }
            if (accept('-')) {
                return new Negate(unary(depth + 1));
            }
            if (accept('+')) {
                return unary(depth + 1);
            }
            return primary(depth);
        }

        Node primary(int depth) {
            skipSpace();
            if (pos >= text.length()) {
                throw error("a number, a column or '('");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                pos++;
                Node inner = expression(depth + 1);
                if (!accept(')')) {
                    throw error("')'");
                }
                return inner;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (c == '`') {
                int end = text.indexOf('`', pos + 1);
                if (end < 0 || end == pos + 1) {
                    throw error("a column name between backquotes, such as `fare paid`,");
                }
                String name = text.substring(pos + 1, end);
                pos = end + 1;
                columns.add(name);
                return new Ref(name, -1);
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                String name = text.substring(start, pos);
                columns.add(name);
                return new Ref(name, -1);
            }
            throw error("a number, a column or '(' instead of '" + c + "'");
        }

        Node number() {
            int start = pos;
            digits();
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                digits();
            }
            if (pos - start == 1 && text.charAt(start) == '.') {
                pos = start;
                throw error("a digit around '.'");
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                int mark = pos;
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                int exponentStart = pos;
                digits();
                if (pos == exponentStart) {
                    pos = mark;
                    throw error("digits after the exponent 'e'");
                }
            }
            double value = Double.parseDouble(text.substring(start, pos));
            if (!Double.isFinite(value)) {
                pos = start;
                throw error("a number that fits a double");
            }
            return new Constant(value);
        }

        void digits() {
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
