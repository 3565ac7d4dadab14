package dev.gyre.data.clean;

import java.util.List;

/**
 * What one step did.
 *
 * @param step          1-based number of the step in its spec
 * @param kind          the step's YAML name ({@code filter}, {@code cast}, ...)
 * @param rowsBefore    rows of the table the step received
 * @param columnsBefore columns of the table the step received
 * @param rowsAfter     rows of the table it produced
 * @param columnsAfter  columns of the table it produced
 * @param notes         details worth reading: values made missing by a cast, values filled, columns left
 *                      unfilled; empty when there is nothing to add
 */
public record StepLog(int step, String kind, int rowsBefore, int columnsBefore, int rowsAfter, int columnsAfter,
                      List<String> notes) {
    public StepLog {
        notes = List.copyOf(notes);
    }

    /** One line for humans: {@code 3 filter: 891 → 714 rows, 12 → 12 columns}. */
    public String summary() {
        return step + " " + kind + ": " + rowsBefore + " → " + rowsAfter + " rows, " + columnsBefore + " → "
                + columnsAfter + " columns" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }
}
