package dev.gyre.data.validate;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs an {@link ExpectationSuite} over a dataset chunk by chunk and reports every expectation's outcome.
 *
 * <p>Rules:
 * <ul>
 *   <li>Rows are numbered from 0 across the whole stream; each result keeps up to
 *       {@value #MAX_EXAMPLES} failed rows with their values, the first ones found, listed in row order.</li>
 *   <li>Missing values (a numeric NaN included) are unexpected for {@code not_null} only; every other column
 *       expectation skips them, and its {@code mostly} applies to the present values.</li>
 *   <li>{@code in_set}, {@code regex} and {@code unique} compare string forms: numbers without a fraction as
 *       integers ({@code 3}), other numbers as Java prints doubles, booleans {@code true}/{@code false},
 *       timestamps ISO-8601 UTC. {@code regex} must match the whole string form.</li>
 *   <li>A column named by an expectation but absent from the data fails that expectation with a reason; so does
 *       {@code between} on a column that is neither numeric nor timestamp.</li>
 *   <li>Memory is independent of the row count except for {@code unique}, which remembers every distinct value
 *       of its column: memory proportional to the number of distinct values and their length.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Validator {
    /** The most example failed rows kept per expectation. */
    public static final int MAX_EXAMPLES = 20;

    private Validator() {
    }

    /**
     * Validates every remaining chunk of a stream. Does not close the stream.
     *
     * @throws GyreException as the stream's {@link TableStream#next()} does, or
     *                       {@link GyreException.InvalidArgument} when a chunk's schema is not the stream's
     */
    public static ValidationReport validate(ExpectationSuite suite, TableStream stream) {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(stream, "stream");
        Schema schema = stream.schema();
        List<Check> checks = new ArrayList<>();
        for (Expectation expectation : suite.expectations()) {
            Check check = Check.of(expectation, MAX_EXAMPLES);
            check.start(schema);
            checks.add(check);
        }
        long rows = 0;
        for (Table chunk = stream.next(); chunk != null; chunk = stream.next()) {
            if (!chunk.schema().equals(schema)) {
                throw new GyreException.InvalidArgument("A chunk with columns " + chunk.schema().fields()
                        + " does not match the data's schema " + schema.fields() + ".");
            }
            for (Check check : checks) {
                check.accept(chunk, rows);
            }
            rows += chunk.rowCount();
        }
        List<ExpectationResult> results = new ArrayList<>(checks.size());
        for (Check check : checks) {
            results.add(check.result(rows));
        }
        return new ValidationReport(suite.name(), rows, results);
    }

    /** Validates one table. */
    public static ValidationReport validate(ExpectationSuite suite, Table table) {
        Objects.requireNonNull(table, "table");
        return validate(suite, TableStream.of(table));
    }
}
