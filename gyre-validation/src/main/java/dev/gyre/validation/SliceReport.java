package dev.gyre.validation;

import dev.gyre.validation.metrics.MetricValue;
import java.util.List;

/**
 * The model's performance per slice of the raw test table: per value of every categorical or boolean column
 * (missing values form their own slice) and per quantile bin of every numeric column, the target excluded.
 * Each slice is scored with the success metric or, when that is undefined on the slice (ROC AUC of a slice with
 * one class), with {@code accuracy} (classification) or {@code mae} (regression).
 *
 * @param metric       the success metric
 * @param overall      the success metric on the whole test table
 * @param minSliceSize slices with fewer rows are too small: listed, never ranked
 * @param slices       every slice, column by column
 * @param worst        up to N slices of at least the minimum size scored with the success metric, worst first
 * @param tooSmall     the slices below the minimum size
 * @param skipped      columns not sliced, each with the reason (text columns, too many categories)
 */
public record SliceReport(String metric, MetricValue overall, int minSliceSize, List<Slice> slices, List<Slice> worst,
                          List<Slice> tooSmall, List<String> skipped) {

    public SliceReport {
        slices = List.copyOf(slices);
        worst = List.copyOf(worst);
        tooSmall = List.copyOf(tooSmall);
        skipped = List.copyOf(skipped);
    }

    /**
     * One slice.
     *
     * @param column the column sliced
     * @param slice  the value ({@code female}, {@code <missing>}) or the bin ({@code [22, 28)}, last bin closed)
     * @param rows   test rows in the slice
     * @param metric the metric actually used on this slice
     * @param value  its value, or not applicable with the reason
     */
    public record Slice(String column, String slice, int rows, String metric, MetricValue value) {
    }
}
