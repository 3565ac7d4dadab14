package dev.gyre.data.clean;

import java.util.List;

/**
 * The syntax tree of a row filter expression. Positions are 1-based character offsets into the expression,
 * so errors found while binding the tree to a table can point at the operand or operator at fault.
 */
sealed interface FilterNode {

    /** Where the node starts (for a comparison: where its operator is). */
    int position();

    /** True when any part is true; {@code and} and {@code or} chains are flat, so depth stays bounded. */
    record AnyOf(List<FilterNode> parts, int position) implements FilterNode {
        public AnyOf {
            parts = List.copyOf(parts);
        }
    }

    /** True when every part is true. */
    record AllOf(List<FilterNode> parts, int position) implements FilterNode {
        public AllOf {
            parts = List.copyOf(parts);
        }
    }

    record Not(FilterNode operand, int position) implements FilterNode {
    }

    record Compare(Operand left, Op op, Operand right, int position) implements FilterNode {
    }

    record IsNull(Operand operand, boolean negated, int position) implements FilterNode {
    }

    record In(Operand operand, List<Literal> values, boolean negated, int position) implements FilterNode {
        public In {
            values = List.copyOf(values);
        }
    }

    /** A bare operand used as a condition: a boolean column, or {@code true} / {@code false}. */
    record Truth(Operand operand) implements FilterNode {
        @Override
        public int position() {
            return operand.position();
        }
    }

    /** A column reference or a literal. */
    sealed interface Operand {
        int position();
    }

    record ColumnRef(String name, int position) implements Operand {
    }

    /**
     * A literal value.
     *
     * @param value a {@link Double}, {@link String}, {@link Boolean}, or {@code null}
     * @param text  the literal as written, for messages
     */
    record Literal(Object value, String text, int position) implements Operand {
    }

    /** A comparison operator. */
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        /** Whether a comparison result (negative, zero, positive) satisfies this operator. */
        boolean test(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }

        static Op parse(String symbol) {
            if (symbol.equals("<>")) {
                return NE;
            }
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }
}
