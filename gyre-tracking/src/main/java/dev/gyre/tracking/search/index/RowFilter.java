package dev.gyre.tracking.search.index;

import dev.gyre.tracking.search.Comparator;
import dev.gyre.tracking.search.Comparison;
import dev.gyre.tracking.search.FilterValue;
import dev.gyre.tracking.search.Identifier;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One filter comparison compiled against one snapshot's columns, with the SQL search's semantics: a run
 * without the metric, param or tag never matches (the SQL joins it); a metric that is NaN matches only
 * {@code !=}; a {@code NULL} attribute matches nothing; numbers compare as the database compares the
 * bound value {@link dev.gyre.tracking.search.SearchSql} binds (a whole number against a
 * {@code BIGINT} as a {@code long}, a fraction as a {@code double}).
 */
@FunctionalInterface
interface RowFilter {

    RowFilter NONE = row -> false;

    boolean test(int row);

    static RowFilter compile(ExperimentSnapshot s, Comparison comparison, StringSemantics semantics) {
        Identifier identifier = comparison.identifier();
        return switch (identifier.type()) {
            case METRIC -> metric(s.metrics.get(identifier.key()), comparison);
            case PARAM -> canonicalStrings(s, s.params.get(identifier.key()), comparison, semantics);
            case TAG -> canonicalStrings(s, s.tags.get(identifier.key()), comparison, semantics);
            case ATTRIBUTE -> attribute(s, comparison, semantics);
        };
    }

    private static RowFilter metric(ExperimentSnapshot.MetricColumn column, Comparison comparison) {
        if (column == null) {
            return NONE;
        }
        double bound = ((FilterValue.Number) comparison.value()).value();
        byte[] states = column.states;
        double[] values = column.values;
        byte number = ExperimentSnapshot.NUMBER;
        return switch (comparison.comparator()) {
            case EQ -> row -> states[row] == number && values[row] == bound;
            case NE -> row -> states[row] == ExperimentSnapshot.NAN || (states[row] == number && values[row] != bound);
            case GT -> row -> states[row] == number && values[row] > bound;
            case GE -> row -> states[row] == number && values[row] >= bound;
            case LT -> row -> states[row] == number && values[row] < bound;
            case LE -> row -> states[row] == number && values[row] <= bound;
            default -> throw new Unanswerable("comparator " + comparison.comparator() + " on a metric");
        };
    }

    /** Param and tag columns hold canonical values: (in)equality compares references. */
    private static RowFilter canonicalStrings(ExperimentSnapshot s, String[] column, Comparison comparison,
                                              StringSemantics semantics) {
        if (column == null) {
            return NONE;
        }
        if (comparison.comparator() == Comparator.EQ || comparison.comparator() == Comparator.NE) {
            String value = s.canonical(((FilterValue.Text) comparison.value()).value());
            if (comparison.comparator() == Comparator.EQ) {
                return value == null ? NONE : row -> column[row] == value;
            }
            return row -> column[row] != null && column[row] != value;
        }
        return strings(column, comparison, semantics);
    }

    private static RowFilter strings(String[] column, Comparison comparison, StringSemantics semantics) {
        if (column == null) {
            return NONE;
        }
        Predicate<String> test = stringTest(comparison, semantics);
        return row -> column[row] != null && test.test(column[row]);
    }

    private static RowFilter attribute(ExperimentSnapshot s, Comparison comparison, StringSemantics semantics) {
        String key = comparison.identifier().key();
        switch (key) {
            case "start_time":
                return numeric(s.startTimes, null, comparison);
            case "end_time":
                return numeric(s.endTimes, s.hasEndTime, comparison);
            case "lifecycle_stage": {
                Predicate<String> test = stringTest(comparison, semantics);
                boolean active = test.test("active");
                boolean deleted = test.test("deleted");
                boolean[] stage = s.deleted;
                return row -> stage[row] ? deleted : active;
            }
            default:
                String[] column = switch (key) {
                    case "run_id" -> s.runIds;
                    case "run_name" -> s.runNames;
                    case "status" -> s.statuses;
                    case "user_id" -> s.userIds;
                    case "artifact_uri" -> s.artifactUris;
                    default -> throw new Unanswerable("attribute " + key);
                };
                return strings(column, comparison, semantics);
        }
    }

    /** {@code present == null}: the column has no NULLs. */
    private static RowFilter numeric(long[] column, boolean[] present, Comparison comparison) {
        double number = ((FilterValue.Number) comparison.value()).value();
        RowFilter test;
        if (number != Math.floor(number)) {
            // a fractional bound: the database compares the BIGINT column as a double
            test = switch (comparison.comparator()) {
                case EQ -> row -> (double) column[row] == number;
                case NE -> row -> (double) column[row] != number;
                case GT -> row -> (double) column[row] > number;
                case GE -> row -> (double) column[row] >= number;
                case LT -> row -> (double) column[row] < number;
                case LE -> row -> (double) column[row] <= number;
                default -> throw new Unanswerable("comparator " + comparison.comparator() + " on a number");
            };
        } else {
            long bound = (long) Math.floor(number);
            test = switch (comparison.comparator()) {
                case EQ -> row -> column[row] == bound;
                case NE -> row -> column[row] != bound;
                case GT -> row -> column[row] > bound;
                case GE -> row -> column[row] >= bound;
                case LT -> row -> column[row] < bound;
                case LE -> row -> column[row] <= bound;
                default -> throw new Unanswerable("comparator " + comparison.comparator() + " on a number");
            };
        }
        if (present == null) {
            return test;
        }
        RowFilter values = test;
        return row -> present[row] && values.test(row);
    }

    private static Predicate<String> stringTest(Comparison comparison, StringSemantics semantics) {
        if (comparison.value() instanceof FilterValue.TextList list) {
            Set<String> values = new HashSet<>(list.values());
            return switch (comparison.comparator()) {
                case IN -> values::contains;
                case NOT_IN -> value -> !values.contains(value);
                default -> throw new Unanswerable("comparator " + comparison.comparator() + " with a list");
            };
        }
        if (!(comparison.value() instanceof FilterValue.Text text)) {
            throw new Unanswerable("a number compared with a string");
        }
        String expected = text.value();
        return switch (comparison.comparator()) {
            case EQ -> expected::equals;
            case NE -> value -> !expected.equals(value);
            case LIKE -> LikePattern.like(expected)::matches;
            case ILIKE -> LikePattern.ilike(expected, semantics)::matches;
            default -> throw new Unanswerable("comparator " + comparison.comparator() + " on a string");
        };
    }
}
