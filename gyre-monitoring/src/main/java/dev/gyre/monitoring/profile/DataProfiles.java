package dev.gyre.monitoring.profile;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.data.profile.NumericSummary;
import dev.gyre.data.profile.TopValues;
import dev.gyre.data.profile.ValueCount;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Reads the profiles the data stage writes ({@link dev.gyre.data.profile.DatasetProfile}, also the reference
 * profile inside a model package) as monitoring profiles, so that live windows can be compared with them by
 * {@link SketchDrift}. The sketches are carried over as they are (their images are read back), so the drift from
 * a converted reference has the same error bounds as from a profile built here.
 *
 * <p>Column types: numeric columns stay numeric; categorical and text columns become categorical (exact counts
 * while the data profile still had them, otherwise its frequent-items sketch); boolean columns become
 * categorical with the values {@code true} and {@code false}; timestamp columns are left out (no drift test
 * reads them).
 */
public final class DataProfiles {
    private DataProfiles() {
    }

    /**
     * The monitoring profile of a data profile's columns, as the window [start, end).
     *
     * @throws GyreException.InvalidArgument when a sketch image of the data profile cannot be read
     */
    public static DatasetProfile dataset(dev.gyre.data.profile.DatasetProfile profile, Instant start, Instant end) {
        Map<String, ColumnProfile> columns = new LinkedHashMap<>();
        for (dev.gyre.data.profile.ColumnProfile column : profile.columns()) {
            if (column.type() != ColumnType.TIMESTAMP) {
                columns.put(column.name(), column(column));
            }
        }
        return new DatasetProfile(start, end, profile.rowCount(), columns);
    }

    /**
     * One column of a data profile as a monitoring profile.
     *
     * @throws GyreException.InvalidArgument for a timestamp column, or when a sketch image cannot be read
     */
    public static ColumnProfile column(dev.gyre.data.profile.ColumnProfile column) {
        try {
            return switch (column.type()) {
                case NUMERIC -> numeric(column);
                case CATEGORICAL, TEXT, BOOLEAN -> categorical(column);
                case TIMESTAMP -> throw new GyreException.InvalidArgument("The column '" + column.name()
                        + "' holds timestamps, which monitoring does not compare; leave it out of the comparison.");
            };
        } catch (RuntimeException e) {
            if (e instanceof GyreException) {
                throw e;
            }
            throw new GyreException.InvalidArgument("The profile of the column '" + column.name()
                    + "' holds a sketch that cannot be read (" + e.getMessage() + "); rebuild the profile.");
        }
    }

    private static ColumnProfile numeric(dev.gyre.data.profile.ColumnProfile column) {
        NumericSummary summary = column.numeric().orElseThrow();
        KllDoublesSketch kll = KllDoublesSketch.heapify(Memory.wrap(column.quantileSketchImage().orElseThrow()));
        HllSketch hll = hll(column);
        long infinite = Math.max(0, summary.count() - kll.getN());
        return ColumnProfile.numericOf(column.missing(), infinite, hll, summary.min(), summary.max(), summary.mean(),
                column.sumOfSquaredDeviations().orElse(0), kll, exactCounts(kll));
    }

    /**
     * The exact count of each value while the sketch still holds every value it saw (it has not compacted: then
     * every item weighs one), and there are at most {@link ColumnProfile#EXACT_COUNT_LIMIT} distinct values;
     * otherwise null. The data stage keeps no exact counts of numbers, so this is what lets chi-square and the
     * per-value binning run against a small reference.
     */
    private static Map<Double, Long> exactCounts(KllDoublesSketch kll) {
        if (kll.isEstimationMode()) {
            return null;
        }
        Map<Double, Long> counts = new TreeMap<>();
        org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator it = kll.iterator();
        while (it.next()) {
            counts.merge(it.getQuantile(), it.getWeight(), Long::sum);
            if (counts.size() > ColumnProfile.EXACT_COUNT_LIMIT) {
                return null;
            }
        }
        return counts;
    }

    private static ColumnProfile categorical(dev.gyre.data.profile.ColumnProfile column) {
        HllSketch hll = hll(column);
        TopValues top = column.topValues().orElse(new TopValues(true, java.util.List.of(), 0));
        byte[] image = column.frequentItemsImage().orElse(null);
        if (image != null) {
            ItemsSketch<String> items = ItemsSketch.getInstance(Memory.wrap(image), new ArrayOfStringsSerDe());
            return ColumnProfile.categoricalOf(column.missing(), hll, items, null);
        }
        ItemsSketch<String> items = new ItemsSketch<>(1 << ColumnProfile.FREQUENT_LG_MAX_K);
        Map<String, Long> exact = new TreeMap<>();
        for (ValueCount value : top.values()) {
            items.update(value.value(), value.count());
            exact.put(value.value(), value.count());
            if (column.distinctSketchImage().isEmpty()) {
                hll.update(value.value());
            }
        }
        return ColumnProfile.categoricalOf(column.missing(), hll, items,
                exact.size() <= ColumnProfile.EXACT_COUNT_LIMIT ? exact : null);
    }

    private static HllSketch hll(dev.gyre.data.profile.ColumnProfile column) {
        return column.distinctSketchImage().map(b -> HllSketch.heapify(Memory.wrap(b)))
                .orElseGet(() -> new HllSketch(ColumnProfile.HLL_LG_K));
    }
}
