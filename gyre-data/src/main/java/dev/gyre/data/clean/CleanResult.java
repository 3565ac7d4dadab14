package dev.gyre.data.clean;

import dev.gyre.core.table.Table;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Cleaner#clean}.
 *
 * @param table the cleaned table
 * @param log   one entry per step, in order
 */
public record CleanResult(Table table, List<StepLog> log) {
    public CleanResult {
        Objects.requireNonNull(table, "table");
        log = List.copyOf(log);
    }
}
