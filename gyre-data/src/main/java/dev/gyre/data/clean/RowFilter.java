package dev.gyre.data.clean;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TimestampColumn;
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
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A condition on the rows of a table, in a small language of our own (grammar in {@link FilterParser}):
 * column names, numbers, {@code 'strings'}, {@code true}, {@code false}, {@code null}, the comparisons
 * {@code = != <> < <= > >=}, {@code and}, {@code or}, {@code not}, {@code is [not] null},
 * {@code [not] in (...)} and parentheses. There are no functions, no arithmetic, and nothing is resolved by
 * reflection: a filter can only read the columns of the table it is applied to.
 *
 * <p><b>Types.</b> Numeric columns compare with numbers, categorical and text columns with strings (by
 * code point), boolean columns with {@code true}/{@code false} ({@code =} and {@code !=} only), timestamp
 * columns with ISO-8601 strings ({@code '2024-01-31'} is midnight UTC, {@code '2024-01-31T12:00:00Z'}); two
 * columns compare when their kinds match. A mismatch is an error naming its position, found when the filter
 * is applied to a table — before any row is read.
 *
 * <p><b>Missing values</b> follow SQL's three-valued logic: a comparison with a missing value is unknown, not
 * true; {@code not} unknown is unknown; {@code false and unknown} is false, {@code true or unknown} is true;
 * a row is kept only when the whole condition is true. Test for missing values with {@code is null}. A NaN
 * stored in a numeric column compares like a missing value.
 * Comparing with the literal {@code null} is refused, since it could never be true. Immutable.
 */
public final class RowFilter {

    /** What a value is, for type checks. */
    private enum Kind { NUMBER, STRING, BOOLEAN, TIMESTAMP, NULL }

    /** A bound operand: its kind and its value per row ({@code null} when missing). */
    private record Value(Kind kind, IntFunction<Object> read, String description) {
    }

    /** A bound condition: TRUE, FALSE, or null for unknown. */
    private interface Condition {
        Boolean test(int row);
    }

    private final String expression;
    private final FilterNode root;

    private RowFilter(String expression, FilterNode root) {
        this.expression = expression;
        this.root = root;
    }

    /**
     * Parses a filter expression.
     *
     * @throws GyreException.InvalidArgument for a syntax error, naming the 1-based position and what was
     *                                       expected there
     */
    public static RowFilter parse(String expression) {
        return new RowFilter(expression, FilterParser.parse(expression));
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    /**
     * The rows for which the condition is true.
     *
     * @throws GyreException.InvalidArgument when a column does not exist or types do not match, naming the
     *                                       position
     */
    public BitSet matches(Table table) {
        Objects.requireNonNull(table, "table");
        Condition condition = bind(root, table);
        BitSet out = new BitSet(table.rowCount());
        for (int row = 0; row < table.rowCount(); row++) {
            if (Boolean.TRUE.equals(condition.test(row))) {
                out.set(row);
            }
        }
        return out;
    }

    /**
     * The table with only the rows for which the condition is true, in their order.
     *
     * @throws GyreException.InvalidArgument as {@link #matches}
     */
    public Table apply(Table table) {
        return table.take(matches(table).stream().toArray());
    }

    @Override
    public String toString() {
        return expression;
    }

    private Condition bind(FilterNode node, Table table) {
        if (node instanceof AllOf all) {
            List<Condition> parts = bindAll(all.parts(), table);
            return row -> {
                Boolean result = Boolean.TRUE;
                for (Condition part : parts) {
                    Boolean value = part.test(row);
                    if (Boolean.FALSE.equals(value)) {
                        return Boolean.FALSE;
                    }
                    if (value == null) {
                        result = null;
                    }
                }
                return result;
            };
        }
        if (node instanceof AnyOf any) {
            List<Condition> parts = bindAll(any.parts(), table);
            return row -> {
                Boolean result = Boolean.FALSE;
                for (Condition part : parts) {
                    Boolean value = part.test(row);
                    if (Boolean.TRUE.equals(value)) {
                        return Boolean.TRUE;
                    }
                    if (value == null) {
                        result = null;
                    }
                }
                return result;
            };
        }
        if (node instanceof Not not) {
            Condition inner = bind(not.operand(), table);
            return row -> {
                Boolean value = inner.test(row);
                return value == null ? null : !value;
            };
        }
        if (node instanceof IsNull isNull) {
            Value value = value(isNull.operand(), table);
            boolean negated = isNull.negated();
            return row -> (value.read().apply(row) == null) != negated;
        }
        if (node instanceof Truth truth) {
            Value value = value(truth.operand(), table);
            if (value.kind() != Kind.BOOLEAN) {
                throw FilterParser.error(expression, truth.position(), value.description()
                        + " is not a condition; compare it, e.g. " + example(truth.operand(), value.kind()));
            }
            return row -> (Boolean) value.read().apply(row);
        }
        if (node instanceof Compare compare) {
            return compare(compare, table);
        }
        return in((In) node, table);
    }

    private List<Condition> bindAll(List<FilterNode> nodes, Table table) {
        List<Condition> out = new ArrayList<>(nodes.size());
        for (FilterNode node : nodes) {
            out.add(bind(node, table));
        }
        return out;
    }

    private Condition compare(Compare compare, Table table) {
        Value left = value(compare.left(), table);
        Value right = value(compare.right(), table);
        rejectNull(left, compare.left(), right, compare.right());
        left = coerce(left, compare.left(), right.kind());
        right = coerce(right, compare.right(), left.kind());
        if (left.kind() != right.kind()) {
            throw FilterParser.error(expression, compare.position(), "cannot compare " + left.description()
                    + " with " + right.description());
        }
        Op op = compare.op();
        if (left.kind() == Kind.BOOLEAN && op != Op.EQ && op != Op.NE) {
            throw FilterParser.error(expression, compare.position(), "booleans can only be compared with = or !=,"
                    + " not " + op.symbol());
        }
        IntFunction<Object> l = left.read();
        IntFunction<Object> r = right.read();
        return row -> {
            Integer order = order(l.apply(row), r.apply(row));
            return order == null ? null : op.test(order);
        };
    }

    private Condition in(In in, Table table) {
        Value operand = value(in.operand(), table);
        List<Value> values = new ArrayList<>();
        for (Literal literal : in.values()) {
            Value value = value(literal, table);
            rejectNull(operand, in.operand(), value, literal);
            value = coerce(value, literal, operand.kind());
            operand = coerce(operand, in.operand(), value.kind());
            if (value.kind() != operand.kind()) {
                throw FilterParser.error(expression, literal.position(), "cannot compare " + operand.description()
                        + " with " + value.description());
            }
            values.add(value);
        }
        IntFunction<Object> read = operand.read();
        List<Object> constants = values.stream().map(v -> v.read().apply(0)).toList();
        boolean negated = in.negated();
        return row -> {
            Object actual = read.apply(row);
            if (actual == null) {
                return null;
            }
            for (Object constant : constants) {
                Integer order = order(actual, constant);
                if (order != null && order == 0) {
                    return !negated;
                }
            }
            return negated;
        };
    }

    private void rejectNull(Value left, Operand leftOperand, Value right, Operand rightOperand) {
        if (left.kind() == Kind.NULL || right.kind() == Kind.NULL) {
            Operand at = left.kind() == Kind.NULL ? leftOperand : rightOperand;
            throw FilterParser.error(expression, at.position(), "comparing with null is never true; use 'is null'"
                    + " or 'is not null' to test for missing values");
        }
    }

    /** A string literal compared with a timestamp becomes a timestamp; anything else stays as it is. */
    private Value coerce(Value value, Operand operand, Kind other) {
        if (other == Kind.TIMESTAMP && value.kind() == Kind.STRING && operand instanceof Literal literal) {
            Long millis = Casts.parseTimestamp((String) literal.value());
            if (millis == null) {
                throw FilterParser.error(expression, literal.position(), literal.text() + " is not a timestamp;"
                        + " write '2024-01-31', '2024-01-31T12:00:00' or '2024-01-31T12:00:00Z' (times are UTC)");
            }
            return new Value(Kind.TIMESTAMP, row -> millis, "the timestamp " + literal.text());
        }
        return value;
    }

    private Value value(Operand operand, Table table) {
        if (operand instanceof Literal literal) {
            Object constant = literal.value();
            Kind kind = constant == null ? Kind.NULL : constant instanceof Double ? Kind.NUMBER
                    : constant instanceof Boolean ? Kind.BOOLEAN : Kind.STRING;
            String description = switch (kind) {
                case NUMBER -> "the number " + literal.text();
                case STRING -> "the string " + literal.text();
                default -> literal.text();
            };
            return new Value(kind, row -> constant, description);
        }
        ColumnRef ref = (ColumnRef) operand;
        if (!table.hasColumn(ref.name())) {
            throw FilterParser.error(expression, ref.position(), "there is no column '" + ref.name()
                    + "'; the columns are " + table.schema().names());
        }
        Column column = table.column(ref.name());
        String description = "column '" + ref.name() + "' (" + column.type().wireName() + ")";
        return switch (column.type()) {
            case NUMERIC -> {
                NumericColumn numbers = (NumericColumn) column;
                yield new Value(Kind.NUMBER, row -> {
                    double v = numbers.getDouble(row);
                    return numbers.isMissing(row) || Double.isNaN(v) ? null : v;
                }, description);
            }
            case TIMESTAMP -> {
                TimestampColumn times = (TimestampColumn) column;
                yield new Value(Kind.TIMESTAMP, row -> times.isMissing(row) ? null : times.getEpochMillis(row),
                        description);
            }
            case BOOLEAN -> {
                BooleanColumn booleans = (BooleanColumn) column;
                yield new Value(Kind.BOOLEAN, booleans::get, description);
            }
            case CATEGORICAL, TEXT -> new Value(Kind.STRING, column::get, description);
        };
    }

    /** The order of two values of one kind, or null when either is missing. */
    @SuppressWarnings("unchecked")
    private static Integer order(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x < y ? -1 : x > y ? 1 : 0;
        }
        return Integer.signum(((Comparable<Object>) a).compareTo(b));
    }

    private static String example(Operand operand, Kind kind) {
        String name = operand instanceof ColumnRef ref ? ref.name() : ((Literal) operand).text();
        return switch (kind) {
            case NUMBER -> name + " > 0";
            case TIMESTAMP -> name + " >= '2024-01-01'";
            default -> name + " = 'value'";
        };
    }
}
