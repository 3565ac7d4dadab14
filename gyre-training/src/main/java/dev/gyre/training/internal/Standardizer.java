package dev.gyre.training.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.training.TrainingSet;

/**
 * Centres and scales features: {@code (x - mean) / scale}. A constant feature keeps scale 1. The identity
 * standardiser has mean 0 and scale 1 everywhere.
 */
record Standardizer(double[] mean, double[] scale) {

    static Standardizer identity(int features) {
        double[] ones = new double[features];
        java.util.Arrays.fill(ones, 1);
        return new Standardizer(new double[features], ones);
    }

    /** Means and population standard deviations of the columns; with {@code scale} false, centring only. */
    static Standardizer fit(TrainingSet data, boolean centre, boolean scale) {
        int n = data.rows();
        int d = data.features();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += data.value(i, j);
            }
            m /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double e = data.value(i, j) - m;
                ss += e * e;
            }
            double s = Math.sqrt(ss / n);
            mean[j] = centre ? m : 0;
            sd[j] = scale && s > 1e-12 * Math.max(1, Math.abs(m)) ? s : 1;
        }
        return new Standardizer(mean, sd);
    }

    double apply(int feature, double value) {
        return (value - mean[feature]) / scale[feature];
    }

    double[] apply(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / scale[j];
        }
        return out;
    }

    /** The standardised matrix of a training set, row-major. */
    double[][] apply(TrainingSet data) {
        double[][] out = new double[data.rows()][data.features()];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = apply(j, data.value(i, j));
            }
        }
        return out;
    }

    void writeTo(ObjectNode json) {
        json.set("mean", ModelEnvelope.JSON.valueToTree(mean));
        json.set("scale", ModelEnvelope.JSON.valueToTree(scale));
    }

    static Standardizer readFrom(JsonNode json, int features) {
        double[] mean = Json.doubles(json.get("mean"), features);
        double[] scale = Json.doubles(json.get("scale"), features);
        for (double s : scale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("non-positive scale");
            }
        }
        return new Standardizer(mean, scale);
    }
}
