package dev.gyre.data.validate;

/**
 * An example of a row that failed an expectation.
 *
 * @param row   the row's index in the data, counting from 0
 * @param value the value's string form, or {@code null} when it is missing
 */
public record UnexpectedValue(long row, String value) {
}
