package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

import java.util.List;

/** One column of a sample: numeric values or category labels. Missing values are refused, not skipped. */
public sealed interface Column permits Column.Numeric, Column.Categorical {

    int size();

    static Numeric numeric(double... values) {
        return new Numeric(values);
    }

    static Categorical categorical(List<String> values) {
        return new Categorical(values);
    }

    /** Numeric values; every value must be finite. */
    record Numeric(double[] values) implements Column {
        public Numeric {
            if (values == null) {
                throw new GyreException.InvalidArgument("numeric column values are null; pass an array (it may not be empty when tested)");
            }
            values = values.clone();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new GyreException.InvalidArgument("numeric column has " + values[i] + " at index " + i
                            + "; drop or impute missing and infinite values before testing for drift");
                }
            }
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        double[] raw() {
            return values;
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** Category labels; no label may be null. */
    record Categorical(List<String> values) implements Column {
        public Categorical {
            if (values == null) {
                throw new GyreException.InvalidArgument("categorical column values are null; pass a list (it may not be empty when tested)");
            }
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) {
                    throw new GyreException.InvalidArgument("categorical column has a null label at index " + i
                            + "; drop or impute missing values (for example as a \"missing\" category) before testing for drift");
                }
            }
            values = List.copyOf(values);
        }

        @Override
        public int size() {
            return values.size();
        }
    }
}
