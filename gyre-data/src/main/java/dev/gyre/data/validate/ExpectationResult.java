package dev.gyre.data.validate;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one expectation.
 *
 * <p>For column expectations {@code elementCount} is the number of rows, {@code missingCount} how many of them
 * are missing, and the rows evaluated are all rows for {@code not_null} and the present ones for the others.
 * {@code unexpectedPercent} is {@code unexpectedCount} over the rows evaluated, in percent, and the expectation
 * passes when at least {@link Expectation#mostly()} of the rows evaluated pass (vacuously when none are). For
 * {@code type} and {@code row_count_between} the counts are the row count and zeros and {@code observedValue}
 * holds the column's type name or the row count.
 *
 * @param expectation       the expectation
 * @param success           whether it passed
 * @param elementCount      the rows looked at
 * @param missingCount      the missing rows among them (NaN counts as missing)
 * @param unexpectedCount   the rows that failed
 * @param unexpectedPercent the failed rows in percent of the rows evaluated
 * @param observedValue     the row count ({@link Long}) or the type name ({@link String}); {@code null} for
 *                          row-by-row expectations
 * @param examples          up to {@link Validator#MAX_EXAMPLES} failed rows, in row order
 * @param reason            why the expectation failed without looking at values (an absent column, a wrong
 *                          type), or the observation that failed it; {@code null} otherwise
 */
public record ExpectationResult(Expectation expectation, boolean success, long elementCount, long missingCount,
        long unexpectedCount, double unexpectedPercent, Object observedValue, List<UnexpectedValue> examples,
        String reason) {
    public ExpectationResult {
        Objects.requireNonNull(expectation, "expectation");
        examples = List.copyOf(examples);
    }
}
