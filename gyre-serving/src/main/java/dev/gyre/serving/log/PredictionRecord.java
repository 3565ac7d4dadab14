package dev.gyre.serving.log;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One logged prediction: what a deployment was asked, what it answered, and how long it took.
 *
 * <p>Numbers in {@code inputs} are normalised so that a record read back from the log equals the record written:
 * integral types ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}) become {@code Long}, every other
 * {@code Number} becomes a finite {@code Double}. Input values must be {@code String}, {@code Number},
 * {@code Boolean} or {@code null}.
 *
 * @param requestId     the request id; the key that joins delayed ground-truth feedback, and the sampling key
 * @param deployment    the deployment name; letters, digits, {@code .}, {@code _}, {@code -}, at most 128
 *                      characters, not starting with {@code .} (it names a directory of the log)
 * @param modelName     the registered model name
 * @param modelVersion  the registered model version that answered
 * @param timestampMs   when the request was received, epoch milliseconds
 * @param inputs        the raw input fields, by name, in request order
 * @param output        the answer
 * @param latencyMicros the time spent answering, microseconds, not negative
 * @param outlierScore  the outlier score when an outlier detector ran, else {@code null}; finite
 * @param outlier       whether the detector flagged the request, else {@code null}
 * @param shadow        {@code true} when the answer came from a shadow model and was not returned to the caller
 */
public record PredictionRecord(String requestId, String deployment, String modelName, String modelVersion,
                               long timestampMs, Map<String, Object> inputs, Output output, long latencyMicros,
                               Double outlierScore, Boolean outlier, boolean shadow) {

    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /** Validates and copies; throws {@link IllegalArgumentException} or {@link NullPointerException}. */
    public PredictionRecord {
        requireText(requestId, "requestId");
        Objects.requireNonNull(deployment, "deployment");
        if (!DEPLOYMENT.matcher(deployment).matches()) {
            throw new IllegalArgumentException("deployment name not usable as a directory: " + deployment);
        }
        requireText(modelName, "modelName");
        requireText(modelVersion, "modelVersion");
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestampMs must not be negative");
        }
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latencyMicros must not be negative");
        }
        Objects.requireNonNull(output, "output");
        if (outlierScore != null && !Double.isFinite(outlierScore)) {
            throw new IllegalArgumentException("outlierScore must be finite");
        }
        Objects.requireNonNull(inputs, "inputs");
        Map<String, Object> copy = new LinkedHashMap<>();
        inputs.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "input name"), normalise(name, value)));
        inputs = Collections.unmodifiableMap(copy);
    }

    /** A primary (non-shadow) record without outlier information. */
    public static PredictionRecord of(String requestId, String deployment, String modelName, String modelVersion,
                                      long timestampMs, Map<String, Object> inputs, Output output,
                                      long latencyMicros) {
        return new PredictionRecord(requestId, deployment, modelName, modelVersion, timestampMs, inputs, output,
                latencyMicros, null, null, false);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static Object normalise(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("input " + name + " is not a finite number");
            }
            return d;
        }
        throw new IllegalArgumentException("input " + name + " must be a string, number, boolean or null, not "
                + value.getClass().getSimpleName());
    }

    /**
     * The answer of a model: a predicted class with per-class probabilities (classification), or a value
     * (regression). At least one of {@code predictedClass} and {@code value} is set.
     *
     * @param predictedClass the predicted class, or {@code null}
     * @param probabilities  each class's probability, in the model's class order; empty when not a classifier
     * @param value          the predicted value, or {@code null}; finite
     */
    public record Output(String predictedClass, Map<String, Double> probabilities, Double value) {
        /** Validates and copies. */
        public Output {
            if (predictedClass == null && value == null) {
                throw new IllegalArgumentException("an output needs a predicted class or a value");
            }
            if (value != null && !Double.isFinite(value)) {
                throw new IllegalArgumentException("value must be finite");
            }
            Map<String, Double> copy = new LinkedHashMap<>();
            Objects.requireNonNull(probabilities, "probabilities").forEach((cls, p) -> {
                if (p == null || !Double.isFinite(p)) {
                    throw new IllegalArgumentException("probability of " + cls + " must be finite");
                }
                copy.put(Objects.requireNonNull(cls, "class"), p);
            });
            probabilities = Collections.unmodifiableMap(copy);
        }

        /** A classification answer. */
        public static Output classification(String predictedClass, Map<String, Double> probabilities) {
            return new Output(Objects.requireNonNull(predictedClass, "predictedClass"), probabilities, null);
        }

        /** A regression answer. */
        public static Output regression(double value) {
            return new Output(null, Map.of(), value);
        }
    }
}
