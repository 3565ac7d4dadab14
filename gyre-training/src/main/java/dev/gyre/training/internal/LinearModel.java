package dev.gyre.training.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.training.Contributions;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear model over standardised features, {@code z_k = b_k + Σ_j w_kj (x_j - mean_j) / scale_j}:
 * <ul>
 *   <li>{@code binary} — one score; P(second class) = 1 / (1 + e^-z);</li>
 *   <li>{@code softmax} — one score per class; probabilities are their softmax;</li>
 *   <li>{@code regression} — one score, the predicted value.</li>
 * </ul>
 * Payload {@code gyre-linear/1}: a JSON object {@code {"kind", "mean": [d], "scale": [d],
 * "weights": [[d] per score], "intercepts": [one per score]}}. Numbers round-trip exactly.
 */
final class LinearModel extends BaseModel {

    static final String FORMAT = "gyre-linear/1";

    enum Kind { BINARY, SOFTMAX, REGRESSION }

    private final Kind kind;
    private final Standardizer standardizer;
    private final double[][] weights;
    private final double[] intercepts;

    LinearModel(ModelHeader header, Kind kind, Standardizer standardizer, double[][] weights, double[] intercepts) {
        super(header);
        this.kind = kind;
        this.standardizer = standardizer;
        this.weights = weights;
        this.intercepts = intercepts;
    }

    @Override
    protected double[] predictRow(double[] row) {
        double[] x = standardizer.apply(row);
        double[] z = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            double s = intercepts[k];
            for (int j = 0; j < x.length; j++) {
                s += weights[k][j] * x[j];
            }
            z[k] = s;
        }
        return switch (kind) {
            case REGRESSION -> z;
            case BINARY -> {
                double p = sigmoid(z[0]);
                yield new double[] {1 - p, p};
            }
            case SOFTMAX -> softmax(z);
        };
    }

    /**
     * Exact: the score is linear in each feature, so feature j contributes {@code w_kj (x_j − mean_j) /
     * scale_j} and the base is the intercept, the score at the stored training means. Binary: the log-odds
     * of the second class; softmax: every class's score; regression: the value.
     */
    @Override
    protected List<Contributions> contributionsOf(double[] row) {
        double[] x = standardizer.apply(row);
        List<Contributions> out = new ArrayList<>(weights.length);
        for (int k = 0; k < weights.length; k++) {
            double[] phi = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                phi[j] = weights[k][j] * x[j];
            }
            String output = switch (kind) {
                case REGRESSION -> Contributions.VALUE;
                case BINARY -> classes().get(1);
                case SOFTMAX -> classes().get(k);
            };
            Contributions.Scale scale = kind == Kind.REGRESSION ? Contributions.Scale.VALUE
                    : Contributions.Scale.MARGIN;
            out.add(Contributions.exact(Contributions.EXACT_LINEAR, output, scale, featureNames(), intercepts[k],
                    phi));
        }
        return List.copyOf(out);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** The softmax of scores, in place, computed stably. */
    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    @Override
    protected byte[] payload() {
        ObjectNode json = ModelEnvelope.JSON.createObjectNode();
        json.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        standardizer.writeTo(json);
        json.set("weights", ModelEnvelope.JSON.valueToTree(weights));
        json.set("intercepts", ModelEnvelope.JSON.valueToTree(intercepts));
        try {
            return ModelEnvelope.JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write a linear model", e);
        }
    }

    static LinearModel read(ModelHeader header, byte[] payload) {
        JsonNode json = Json.parse(header, payload, FORMAT);
        try {
            Kind kind = Kind.valueOf(json.path("kind").asText("").toUpperCase(java.util.Locale.ROOT));
            int d = header.featureNames().size();
            int scores = switch (kind) {
                case BINARY, REGRESSION -> 1;
                case SOFTMAX -> header.classes().size();
            };
            boolean fits = switch (kind) {
                case BINARY -> header.task() == LearningTask.CLASSIFICATION && header.classes().size() == 2;
                case SOFTMAX -> header.task() == LearningTask.CLASSIFICATION;
                case REGRESSION -> header.task() == LearningTask.REGRESSION;
            };
            if (!fits) {
                throw new IllegalArgumentException("kind " + kind + " does not fit the header");
            }
            return new LinearModel(header, kind, Standardizer.readFrom(json, d),
                    Json.matrix(json.get("weights"), scores, d), Json.doubles(json.get("intercepts"), scores));
        } catch (IllegalArgumentException e) {
            throw Json.invalid(header, FORMAT, e.getMessage());
        }
    }
}
