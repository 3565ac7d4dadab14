package dev.gyre.features;

import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TimestampColumn;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;

/** Small tables for tests; {@code null} is missing. */
final class Tables {
    private Tables() {
    }

    static NumericColumn numbers(String name, Double... values) {
        double[] out = new double[values.length];
        BitSet missing = new BitSet();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                missing.set(i);
            } else {
                out[i] = values[i];
            }
        }
        return new NumericColumn(name, out, missing);
    }

    static CategoricalColumn categories(String name, String... values) {
        return CategoricalColumn.of(name, values);
    }

    static TimestampColumn instants(String name, String... isoInstants) {
        long[] millis = new long[isoInstants.length];
        BitSet missing = new BitSet();
        for (int i = 0; i < isoInstants.length; i++) {
            if (isoInstants[i] == null) {
                missing.set(i);
            } else {
                millis[i] = Instant.parse(isoInstants[i]).toEpochMilli();
            }
        }
        return new TimestampColumn(name, millis, missing);
    }

    static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    /** Fits the YAML spec on the table (as a train split). */
    static FittedFeatures fit(Table table, String yaml) {
        return FeaturePipeline.fit(TrainingData.train(table), Specs.parse(yaml));
    }

    /** The named output column's values, NaN where missing. */
    static double[] column(Table transformed, String name) {
        NumericColumn column = (NumericColumn) transformed.column(name);
        double[] out = new double[column.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = column.getDouble(i);
        }
        return out;
    }
}
