/**
 * Data validation with expectation suites: {@link dev.gyre.data.validate.SuiteParser} reads a suite from
 * YAML, {@link dev.gyre.data.validate.Validator} runs it over a table stream chunk by chunk and returns a
 * {@link dev.gyre.data.validate.ValidationReport} (JSON and a self-contained HTML page), and {@link
 * dev.gyre.data.validate.SuiteSuggester} drafts a suite from a profile for a person to review.
 *
 * <p>Rules common to the package:
 * <ul>
 *   <li>Expectations: {@code not_null}, {@code between} (inclusive; numeric and timestamp columns),
 *       {@code in_set}, {@code unique}, {@code regex} (Java syntax, full match), {@code type} and the table-level
 *       {@code row_count_between}. The row-by-row ones take {@code mostly}, the fraction of evaluated rows that
 *       must pass (default 1).</li>
 *   <li>Missing values (a numeric NaN included) are unexpected for {@code not_null} only; the other expectations
 *       skip them and apply {@code mostly} to the present values, as Great Expectations does.</li>
 *   <li>{@code in_set}, {@code regex} and {@code unique} compare values in their string form: numbers without a
 *       fraction as integers, booleans {@code true}/{@code false}, timestamps ISO-8601 UTC.</li>
 *   <li>An expectation on a column the data does not have fails with a reason; it does not throw.</li>
 *   <li>Validation memory is independent of the row count, except {@code unique}, which holds every distinct
 *       value of its column. Reports keep at most {@value dev.gyre.data.validate.Validator#MAX_EXAMPLES}
 *       example rows per expectation; rows are numbered from 0.</li>
 * </ul>
 */
package dev.gyre.data.validate;
