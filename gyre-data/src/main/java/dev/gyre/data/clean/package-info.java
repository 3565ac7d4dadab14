/**
 * Declarative data cleaning. A {@link dev.gyre.data.clean.CleanSpec} — read from YAML by
 * {@link dev.gyre.data.clean.CleanSpecParser} — lists steps ({@code drop_columns}, {@code rename},
 * {@code cast}, {@code trim}, {@code filter}, {@code drop_duplicates}, {@code fill_missing}, {@code sql});
 * {@link dev.gyre.data.clean.Cleaner} applies them to a {@link dev.gyre.core.table.Table} and logs the rows and
 * columns before and after each.
 *
 * <p><b>Casts.</b> To text or categorical: whole numbers print without {@code .0}, booleans as
 * {@code true}/{@code false}, timestamps as ISO-8601 UTC. To numeric: decimal strings (trimmed; not NaN or
 * Infinity), booleans as 1/0, timestamps as epoch milliseconds. To boolean: {@code true/false/yes/no/1/0} (any
 * case) and the numbers 1 and 0. To timestamp: ISO-8601 with an offset, without one (UTC) or a date alone
 * (midnight UTC), and whole numbers as epoch milliseconds. Boolean ↔ timestamp is refused. With
 * {@code on_error: error} (the default) a value that does not convert fails the step; with
 * {@code on_error: missing} it becomes missing and the step's log counts such values.
 *
 * <p><b>Filters</b> use the small, safe expression language of {@link dev.gyre.data.clean.RowFilter}.
 *
 * <p><b>SQL steps</b> run one query in an in-memory DuckDB where the table is named {@code data}. The
 * connection is sealed before the query runs: it cannot read files, URLs or other databases, nor change its
 * configuration, and only a single SELECT (WITH, FROM-first and VALUES forms included) is accepted. Types map
 * in as numeric → DOUBLE, categorical and text → VARCHAR, boolean → BOOLEAN, timestamp → TIMESTAMP (UTC; the
 * session time zone is UTC too); and back as every integer, floating and DECIMAL type → numeric (as a
 * double), BOOLEAN → boolean, DATE and every TIMESTAMP type → timestamp (a date is midnight UTC), ENUM →
 * categorical, VARCHAR → categorical when the input had a categorical column of the same name, else text.
 * Any other result type (lists, structs, blobs, intervals, ...) is an error asking for a cast.
 */
package dev.gyre.data.clean;
