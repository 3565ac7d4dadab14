package dev.gyre.validation.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores how unusual a row of model features is compared with the reference rows it was built from, and flags
 * the rows whose score is above a threshold.
 *
 * <p>Rows are feature vectors in {@link #featureNames()} order, as {@code FittedFeatures.toMatrix} makes them.
 * Higher scores are more unusual. The threshold is the (1 − {@link #falsePositiveRate()}) empirical quantile of
 * the reference rows' own scores — all the rows the detector was built from, so the reference share flagged
 * ({@link #referenceFlaggedRate()}) is the chosen rate up to ties and rounding, while new rows from the same
 * distribution are flagged slightly more often (the detector has seen the reference rows). A row is an outlier
 * when its score is strictly above the threshold.
 *
 * <p>{@link #toJson()} stores everything scoring needs; {@link #fromJson(String)} gives a detector whose scores
 * are bit for bit those of the original. Immutable and thread-safe.
 */
public abstract sealed class OutlierDetector permits IsolationForest, MahalanobisDetector {
    /** The {@code format} field of the JSON form. */
    public static final String FORMAT = "gyre.outliers";
    /** The version of the JSON form written; reading refuses any other. */
    public static final int VERSION = 1;

    private final Calibration calibration;

    OutlierDetector(Calibration calibration) {
        this.calibration = calibration;
    }

    /**
     * Builds a detector from reference rows.
     *
     * @param rows         the reference feature matrix, {@code [row][feature]}, every value finite
     * @param featureNames one name per feature
     * @throws GyreException.InvalidArgument for fewer than two rows, ragged rows, non-finite values, or names
     *                                       that do not match the row width
     */
    public static OutlierDetector fit(double[][] rows, List<String> featureNames, OutlierOptions options) {
        Objects.requireNonNull(options, "options");
        Matrices.checkReference(rows, featureNames);
        return switch (options.method()) {
            case ISOLATION_FOREST -> IsolationForest.grow(rows, featureNames, options);
            case MAHALANOBIS -> MahalanobisDetector.estimate(rows, featureNames, options.falsePositiveRate());
        };
    }

    /**
     * The anomaly score of a row; higher is more unusual.
     *
     * @throws GyreException.InvalidArgument when the row has the wrong length or a non-finite value
     */
    public final double score(double[] row) {
        Matrices.checkRow(row, calibration.featureNames().size());
        return rawScore(row);
    }

    /** Whether the row's {@link #score} is above the {@link #threshold()}. */
    public final boolean isOutlier(double[] row) {
        return score(row) > calibration.threshold();
    }

    /** The score above which a row is an outlier. */
    public final double threshold() {
        return calibration.threshold();
    }

    /** The share of reference rows the threshold was chosen to flag. */
    public final double falsePositiveRate() {
        return calibration.falsePositiveRate();
    }

    /** The share of reference rows actually flagged (at most the chosen rate; lower with tied scores). */
    public final double referenceFlaggedRate() {
        return calibration.flaggedRate();
    }

    /** The number of reference rows. */
    public final int referenceRows() {
        return calibration.rows();
    }

    /** The feature names, in row order. */
    public final List<String> featureNames() {
        return calibration.featureNames();
    }

    /** The scoring method. */
    public abstract OutlierMethod method();

    abstract double rawScore(double[] row);

    /** Writes the method's own fields into the JSON root. */
    abstract void writeModel(ObjectNode root);

    /**
     * The JSON form: {@code format} {@value #FORMAT}, {@code version} {@value #VERSION}, {@code method}, the
     * feature names, the chosen rate, the threshold, the reference row count and flagged rate, and the method's
     * fields (see {@link IsolationForest} and {@link MahalanobisDetector}).
     */
    public final String toJson() {
        ObjectNode root = DetectorJson.header(this);
        writeModel(root);
        return DetectorJson.text(root);
    }

    /**
     * Reads the JSON form.
     *
     * @throws GyreException.InvalidArgument for another format or version, an unknown method, or a damaged
     *                                       document, naming the field
     */
    public static OutlierDetector fromJson(String json) {
        JsonNode root = DetectorJson.parse(json);
        Calibration calibration = DetectorJson.calibration(root);
        OutlierMethod method;
        try {
            method = OutlierMethod.fromWireName(root.path("method").asText(""));
        } catch (GyreException.InvalidArgument e) {
            throw DetectorJson.bad("method", e.getMessage());
        }
        return switch (method) {
            case ISOLATION_FOREST -> IsolationForest.read(root, calibration);
            case MAHALANOBIS -> MahalanobisDetector.read(root, calibration);
        };
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + featureNames().size() + " features, threshold " + threshold()
                + ", rate " + falsePositiveRate() + "]";
    }

    /**
     * What a detector learned about its reference scores.
     *
     * @param featureNames      the feature names
     * @param falsePositiveRate the chosen share to flag
     * @param threshold         the score above which a row is flagged
     * @param rows              the number of reference rows
     * @param flaggedRate       the share of reference rows above the threshold
     */
    record Calibration(List<String> featureNames, double falsePositiveRate, double threshold, int rows,
            double flaggedRate) {
        Calibration {
            featureNames = List.copyOf(featureNames);
        }

        /**
         * The threshold flagging {@code floor(rate × n)} of the scores: the score just below the top that many;
         * with no score to flag, the largest score.
         */
        static Calibration of(double[] scores, List<String> featureNames, double rate) {
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            int flag = (int) Math.min(n - 1, Math.floor(rate * n + 1e-9));
            double threshold = sorted[n - 1 - flag];
            int above = 0;
            for (double score : sorted) {
                if (score > threshold) {
                    above++;
                }
            }
            return new Calibration(featureNames, rate, threshold, n, (double) above / n);
        }
    }
}
