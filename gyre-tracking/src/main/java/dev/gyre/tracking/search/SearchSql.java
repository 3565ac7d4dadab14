package dev.gyre.tracking.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates parsed filters and order-by clauses into SQL that selects the ids of one page of runs or
 * experiments. Each referenced metric, param or tag gets its own join on its table by (id, key), so the
 * database uses the primary keys and the key indexes; filters use inner joins (an entity without the
 * key does not match, as in MLflow) and orderings use left joins with missing values sorted last.
 * Every user value is a bound parameter.
 */
public final class SearchSql {

    private SearchSql() {
    }

    /**
     * The statement selecting {@code run_uuid}s of matching runs, in order, for one page.
     *
     * @param experimentIds    experiments to search (at least one)
     * @param lifecycleStages  stages to include ({@code active}, {@code deleted})
     * @param limit            rows to return (the caller asks one more than the page to see whether more remain)
     */
    public static SqlQuery runs(List<Long> experimentIds, List<String> lifecycleStages, List<Comparison> filter,
                                List<OrderBy> orderBy, int limit, long offset) {
        Builder b = new Builder(SearchSchema.RUNS);
        StringBuilder where = new StringBuilder(" WHERE r.experiment_id IN ").append(b.bindList(experimentIds))
                .append(" AND r.lifecycle_stage IN ").append(b.bindList(lifecycleStages));
        for (Comparison comparison : filter) {
            where.append(" AND ").append(b.condition(comparison, "r.run_uuid"));
        }
        StringBuilder order = new StringBuilder();
        boolean startTime = false;
        boolean runId = false;
        for (OrderBy o : orderBy) {
            order.append(order.length() == 0 ? "" : ", ").append(b.ordering(o, "r.run_uuid"));
            startTime |= o.identifier().type() == EntityType.ATTRIBUTE && o.identifier().key().equals("start_time");
            runId |= o.identifier().type() == EntityType.ATTRIBUTE && o.identifier().key().equals("run_id");
        }
        if (!startTime) {
            order.append(order.length() == 0 ? "" : ", ").append("r.start_time DESC");
        }
        if (!runId) {
            order.append(", r.run_uuid ASC");
        }
        String sql = "SELECT r.run_uuid FROM runs r" + b.joins + where + " ORDER BY " + order
                + " LIMIT " + b.bind(limit) + " OFFSET " + b.bind(offset);
        return new SqlQuery(sql, b.parameters);
    }

    /** The statement selecting {@code experiment_id}s of matching experiments, in order, for one page. */
    public static SqlQuery experiments(List<String> lifecycleStages, List<Comparison> filter, List<OrderBy> orderBy,
                                       int limit, long offset) {
        Builder b = new Builder(SearchSchema.EXPERIMENTS);
        StringBuilder where = new StringBuilder(" WHERE e.lifecycle_stage IN ").append(b.bindList(lifecycleStages));
        for (Comparison comparison : filter) {
            where.append(" AND ").append(b.condition(comparison, "e.experiment_id"));
        }
        StringBuilder order = new StringBuilder();
        boolean creation = false;
        boolean id = false;
        for (OrderBy o : orderBy) {
            order.append(order.length() == 0 ? "" : ", ").append(b.ordering(o, "e.experiment_id"));
            creation |= o.identifier().key().equals("creation_time") && o.identifier().type() == EntityType.ATTRIBUTE;
            id |= o.identifier().key().equals("experiment_id") && o.identifier().type() == EntityType.ATTRIBUTE;
        }
        if (!creation) {
            order.append(order.length() == 0 ? "" : ", ").append("e.creation_time DESC");
        }
        if (!id) {
            order.append(", e.experiment_id ASC");
        }
        String sql = "SELECT e.experiment_id FROM experiments e" + b.joins + where + " ORDER BY " + order
                + " LIMIT " + b.bind(limit) + " OFFSET " + b.bind(offset);
        return new SqlQuery(sql, b.parameters);
    }

    private static final class Builder {
        private final SearchSchema schema;
        private final StringBuilder joins = new StringBuilder();
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private int aliases;

        Builder(SearchSchema schema) {
            this.schema = schema;
        }

        String bind(Object value) {
            String name = "p" + parameters.size();
            parameters.put(name, value);
            return ":" + name;
        }

        /** {@code (:p1, :p2, …)} binding each value. */
        String bindList(List<?> values) {
            StringBuilder list = new StringBuilder("(");
            for (int i = 0; i < values.size(); i++) {
                list.append(i == 0 ? "" : ", ").append(bind(values.get(i)));
            }
            return list.append(")").toString();
        }

        /** Joins the table of a metric/param/tag key; returns the alias. */
        private String join(EntityType type, String key, String idColumn, boolean left) {
            String alias = "j" + aliases++;
            String table;
            String keyColumn;
            String joinColumn;
            if (schema == SearchSchema.EXPERIMENTS) {
                table = "experiment_tags";
                keyColumn = "tag_key";
                joinColumn = "experiment_id";
            } else {
                table = switch (type) {
                    case METRIC -> "latest_metrics";
                    case PARAM -> "params";
                    default -> "tags";
                };
                keyColumn = switch (type) {
                    case METRIC -> "metric_key";
                    case PARAM -> "param_key";
                    default -> "tag_key";
                };
                joinColumn = "run_uuid";
            }
            joins.append(left ? " LEFT JOIN " : " JOIN ").append(table).append(' ').append(alias)
                    .append(" ON ").append(alias).append('.').append(joinColumn).append(" = ").append(idColumn)
                    .append(" AND ").append(alias).append('.').append(keyColumn).append(" = ").append(bind(key));
            return alias;
        }

        private static String valueColumn(EntityType type) {
            return switch (type) {
                case METRIC -> "metric_value";
                case PARAM -> "param_value";
                default -> "tag_value";
            };
        }

        String condition(Comparison comparison, String idColumn) {
            Identifier identifier = comparison.identifier();
            if (identifier.type() == EntityType.ATTRIBUTE) {
                String column = schema.column(identifier.key());
                if (schema.isNumericAttribute(identifier.key())) {
                    return numeric(column, comparison);
                }
                return string(column, comparison);
            }
            String alias = join(identifier.type(), identifier.key(), idColumn, false);
            String column = alias + "." + valueColumn(identifier.type());
            if (identifier.type() == EntityType.METRIC) {
                // NaN is stored as 0 with is_nan set: it equals nothing and differs from everything.
                if (comparison.comparator() == Comparator.NE) {
                    return "(" + alias + ".is_nan = TRUE OR " + numeric(column, comparison) + ")";
                }
                return "(" + alias + ".is_nan = FALSE AND " + numeric(column, comparison) + ")";
            }
            return string(column, comparison);
        }

        private String numeric(String column, Comparison comparison) {
            FilterValue.Number number = (FilterValue.Number) comparison.value();
            Object value = comparison.identifier().type() == EntityType.METRIC ? (Object) number.value()
                    : (Object) (long) Math.floor(number.value());
            if (comparison.identifier().type() != EntityType.METRIC && number.value() != Math.floor(number.value())) {
                // a fractional bound on an integer column: compare as a double
                value = number.value();
            }
            String op = switch (comparison.comparator()) {
                case EQ -> " = ";
                case NE -> " <> ";
                case GT -> " > ";
                case GE -> " >= ";
                case LT -> " < ";
                case LE -> " <= ";
                default -> throw new IllegalStateException("not numeric: " + comparison.comparator());
            };
            return column + op + bind(value);
        }

        private String string(String column, Comparison comparison) {
            return switch (comparison.comparator()) {
                case EQ -> column + " = " + bind(text(comparison));
                case NE -> column + " <> " + bind(text(comparison));
                case LIKE -> column + " LIKE " + bind(text(comparison));
                case ILIKE -> "LOWER(" + column + ") LIKE LOWER(" + bind(text(comparison)) + ")";
                case IN, NOT_IN -> column + (comparison.comparator() == Comparator.IN ? " IN " : " NOT IN ")
                        + bindList(((FilterValue.TextList) comparison.value()).values());
                default -> throw new IllegalStateException("not a string comparator: " + comparison.comparator());
            };
        }

        private static String text(Comparison comparison) {
            return ((FilterValue.Text) comparison.value()).value();
        }

        String ordering(OrderBy orderBy, String idColumn) {
            Identifier identifier = orderBy.identifier();
            String direction = orderBy.ascending() ? " ASC" : " DESC";
            if (identifier.type() == EntityType.ATTRIBUTE) {
                String column = schema.column(identifier.key());
                return "CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END, " + column + direction;
            }
            String alias = join(identifier.type(), identifier.key(), idColumn, true);
            String column = alias + "." + valueColumn(identifier.type());
            if (identifier.type() == EntityType.METRIC) {
                // numbers first, then NaN, then runs without the metric (as MLflow orders them)
                return "CASE WHEN " + alias + ".run_uuid IS NULL THEN 2 WHEN " + alias + ".is_nan = TRUE THEN 1"
                        + " ELSE 0 END, " + column + direction;
            }
            return "CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END, " + column + direction;
        }
    }
}
