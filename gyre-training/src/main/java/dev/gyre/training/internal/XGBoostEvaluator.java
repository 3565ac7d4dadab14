package dev.gyre.training.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * The trees of an XGBoost booster flattened into primitive arrays, evaluated in Java for one row at a time.
 *
 * <p>It is built from the booster's JSON model ({@code Booster.toByteArray("json")}) and reproduces XGBoost's
 * CPU prediction arithmetic: the row is rounded to {@code float}; a node sends a value left when
 * {@code value < threshold} in single precision and a missing value ({@code NaN}) to its default child; the
 * margin of each output group starts at the base score (in margin space) and adds the trees' leaf values in
 * single precision in tree order; then the objective's transform: the logistic function as XGBoost computes
 * it for {@code binary:logistic}, a softmax with a double-precision sum for {@code multi:softprob}, none
 * for regression. Only numerical splits of single-output {@code gbtree} models with those objectives are
 * supported; {@link #of} rejects anything else with an {@link IllegalArgumentException}.
 *
 * <p>An evaluator is immutable and safe to share between threads.
 */
final class XGBoostEvaluator {

    /** How a margin becomes the prediction XGBoost reports. */
    enum Link {
        IDENTITY, LOGISTIC, SOFTMAX
    }

    private static final Set<String> LOGISTIC = Set.of("binary:logistic", "reg:logistic");
    private static final Set<String> IDENTITY = Set.of("reg:squarederror", "reg:linear", "reg:absoluteerror",
            "reg:pseudohubererror");
    /** XGBoost's bound on a probability before it takes the logit of a base score. */
    private static final float PROBABILITY_EPS = 1e-6f;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final int features;
    private final int groups;
    private final Link link;
    private final float[] baseMargin;
    /** Node index of each tree's root, in the order XGBoost adds the trees. */
    private final int[] roots;
    /** Output group of each tree. */
    private final int[] treeGroup;
    /** Split feature of an inner node; -1 marks a leaf. */
    private final int[] feature;
    /** Threshold of an inner node, value of a leaf. */
    private final float[] value;
    private final int[] left;
    private final int[] right;
    /** The child a missing value goes to. */
    private final int[] missing;

    private XGBoostEvaluator(int features, int groups, Link link, float[] baseMargin, int[] roots, int[] treeGroup,
            int[] feature, float[] value, int[] left, int[] right, int[] missing) {
        this.features = features;
        this.groups = groups;
        this.link = link;
        this.baseMargin = baseMargin;
        this.roots = roots;
        this.treeGroup = treeGroup;
        this.feature = feature;
        this.value = value;
        this.left = left;
        this.right = right;
        this.missing = missing;
    }

    /**
     * Builds the evaluator of a booster's JSON model.
     *
     * @throws IllegalArgumentException when the model is malformed or uses what the evaluator does not support
     */
    static XGBoostEvaluator of(byte[] modelJson) {
        JsonNode root;
        try {
            root = MAPPER.readTree(modelJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("the model is not JSON: " + e.getMessage(), e);
        }
        JsonNode learner = required(root, "learner");
        String objective = required(required(learner, "objective"), "name").asText();
        Link link = LOGISTIC.contains(objective) ? Link.LOGISTIC
                : "multi:softprob".equals(objective) ? Link.SOFTMAX
                : IDENTITY.contains(objective) ? Link.IDENTITY : null;
        if (link == null) {
            throw new IllegalArgumentException("objective " + objective + " is not supported");
        }
        JsonNode params = required(learner, "learner_model_param");
        int features = integer(required(params, "num_feature"));
        int classes = integer(required(params, "num_class"));
        int targets = params.has("num_target") ? integer(params.get("num_target")) : 1;
        if (targets != 1) {
            throw new IllegalArgumentException("multi-target models are not supported");
        }
        int groups = Math.max(1, classes);
        if ((link == Link.SOFTMAX) != (groups > 1)) {
            throw new IllegalArgumentException("objective " + objective + " with " + classes + " classes");
        }
        float[] baseScore = floats(required(params, "base_score").asText());
        if (baseScore.length != 1 && baseScore.length != groups) {
            throw new IllegalArgumentException("base_score has " + baseScore.length + " values for " + groups
                    + " outputs");
        }
        float[] baseMargin = new float[groups];
        for (int g = 0; g < groups; g++) {
            float b = baseScore[baseScore.length == 1 ? 0 : g];
            baseMargin[g] = link == Link.LOGISTIC ? logit(b) : b;
        }

        JsonNode booster = required(learner, "gradient_booster");
        String boosterName = required(booster, "name").asText();
        if (!"gbtree".equals(boosterName)) {
            throw new IllegalArgumentException("booster " + boosterName + " is not supported");
        }
        JsonNode model = required(booster, "model");
        JsonNode trees = required(model, "trees");
        JsonNode treeInfo = required(model, "tree_info");
        if (!trees.isArray() || !treeInfo.isArray() || trees.size() != treeInfo.size()) {
            throw new IllegalArgumentException("trees and tree_info disagree");
        }
        int total = 0;
        for (JsonNode tree : trees) {
            total += required(tree, "left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] treeGroup = new int[trees.size()];
        int[] feature = new int[total];
        float[] value = new float[total];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] missing = new int[total];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            int group = integer(treeInfo.get(t));
            if (group < 0 || group >= groups) {
                throw new IllegalArgumentException("tree " + t + " belongs to output " + group);
            }
            JsonNode treeParam = tree.get("tree_param");
            if (treeParam != null && treeParam.has("size_leaf_vector")
                    && integer(treeParam.get("size_leaf_vector")) > 1) {
                throw new IllegalArgumentException("vector leaves are not supported");
            }
            JsonNode lefts = required(tree, "left_children");
            JsonNode rights = required(tree, "right_children");
            JsonNode splits = required(tree, "split_indices");
            JsonNode conditions = required(tree, "split_conditions");
            JsonNode defaults = required(tree, "default_left");
            JsonNode types = tree.get("split_type");
            int n = lefts.size();
            if (n == 0 || rights.size() != n || splits.size() != n || conditions.size() != n
                    || defaults.size() != n || (types != null && types.size() != n)) {
                throw new IllegalArgumentException("tree " + t + " has arrays of different lengths");
            }
            for (int i = 0; i < n; i++) {
                int l = integer(lefts.get(i));
                int k = offset + i;
                value[k] = parseFloat(conditions.get(i));
                if (l == -1) {
                    feature[k] = -1;
                    left[k] = -1;
                    right[k] = -1;
                    missing[k] = -1;
                    continue;
                }
                int r = integer(rights.get(i));
                int f = integer(splits.get(i));
                if (l < 0 || l >= n || r < 0 || r >= n || f < 0 || f >= features) {
                    throw new IllegalArgumentException("tree " + t + " node " + i + " points outside the tree");
                }
                if (types != null && integer(types.get(i)) != 0) {
                    throw new IllegalArgumentException("categorical splits are not supported");
                }
                feature[k] = f;
                left[k] = offset + l;
                right[k] = offset + r;
                missing[k] = integer(defaults.get(i)) != 0 ? offset + l : offset + r;
            }
            checkIsTree(left, right, offset, n, t);
            roots[t] = offset;
            treeGroup[t] = group;
            offset += n;
        }
        return new XGBoostEvaluator(features, groups, link, baseMargin, roots, treeGroup, feature, value, left,
                right, missing);
    }

    /** Every node reachable from the root is reached once: no cycles, no shared children. */
    private static void checkIsTree(int[] left, int[] right, int offset, int n, int t) {
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.push(offset);
        while (!todo.isEmpty()) {
            int k = todo.pop();
            if (seen[k - offset]) {
                throw new IllegalArgumentException("tree " + t + " is not a tree");
            }
            seen[k - offset] = true;
            if (left[k] >= 0) {
                todo.push(left[k]);
                todo.push(right[k]);
            }
        }
    }

    /** The number of features a row has. */
    int features() {
        return features;
    }

    /** The number of margins: the classes of a multi-class model, otherwise one. */
    int groups() {
        return groups;
    }

    /** The number of trees. */
    int trees() {
        return roots.length;
    }

    Link link() {
        return link;
    }

    /** The raw margins of a row of {@code float} values ({@code NaN} for missing), as XGBoost sums them. */
    float[] margins(float[] row) {
        float[] sum = baseMargin.clone();
        int[] feature = this.feature;
        float[] value = this.value;
        int[] left = this.left;
        int[] right = this.right;
        int[] missing = this.missing;
        for (int t = 0; t < roots.length; t++) {
            int k = roots[t];
            int f;
            while ((f = feature[k]) >= 0) {
                float x = row[f];
                float threshold = value[k];
                // NaN fails both comparisons and takes the default branch.
                k = x < threshold ? left[k] : x >= threshold ? right[k] : missing[k];
            }
            sum[treeGroup[t]] += value[k];
        }
        return sum;
    }

    /** What XGBoost predicts for a row: the probability of the second class, the class probabilities or the value. */
    float[] predict(float[] row) {
        float[] out = margins(row);
        switch (link) {
            case LOGISTIC -> out[0] = sigmoid(out[0]);
            case SOFTMAX -> softmax(out);
            default -> {
            }
        }
        return out;
    }

    /** {@link #predict} of a row of doubles, rounded to {@code float} first. */
    float[] predict(double[] row) {
        float[] x = new float[features];
        for (int j = 0; j < features; j++) {
            x[j] = (float) row[j];
        }
        return predict(x);
    }

    /** The logistic function in single precision, with XGBoost's guard against overflow. */
    static float sigmoid(float margin) {
        float x = Math.min(-margin, 88.7f);
        float denominator = (float) Math.exp(x) + 1.0f + 1e-16f;
        return 1.0f / denominator;
    }

    /** Softmax in place: single-precision exponentials of the distance to the largest, a double sum. */
    static void softmax(float[] v) {
        float max = v[0];
        for (int k = 1; k < v.length; k++) {
            max = Math.max(v[k], max);
        }
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) Math.exp(v[k] - max);
            sum += v[k];
        }
        float s = (float) sum;
        for (int k = 0; k < v.length; k++) {
            v[k] /= s;
        }
    }

    private static float logit(float p) {
        float q = Math.min(Math.max(p, PROBABILITY_EPS), 1.0f - PROBABILITY_EPS);
        return -(float) Math.log(1.0f / q - 1.0f);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("the model has no " + field);
        }
        return v;
    }

    private static int integer(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        try {
            return Integer.parseInt(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, not " + node, e);
        }
    }

    /** A float exactly as written (decimal to float in one rounding). */
    private static float parseFloat(JsonNode node) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException("expected a number, not " + node);
        }
        float f = node.isIntegralNumber() ? node.floatValue() : Float.parseFloat(node.asText());
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("a split or leaf is " + node);
        }
        return f;
    }

    /** The base score, written as {@code "[a,b,c]"} by XGBoost 3 and as one number before. */
    private static float[] floats(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        String[] parts = s.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("base_score is " + text, e);
            }
            if (!Float.isFinite(out[i])) {
                throw new IllegalArgumentException("base_score is " + text);
            }
        }
        return out;
    }
}
