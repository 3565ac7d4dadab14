package dev.gyre.validation.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Isolation forest (Liu, Ting and Zhou, 2008): each tree is grown on a sample of {@code ψ} reference rows drawn
 * without replacement, splitting on a random feature at a uniform random value between the node's minimum and
 * maximum until a row is alone or the depth reaches ⌈log2 ψ⌉. Unusual rows are isolated in few splits. The score
 * is the standard {@code 2^(−E[h(x)] / c(ψ))}, where {@code h(x)} is the path length of a row in a tree plus
 * {@code c(size)} for the rows left together in its leaf, and {@code c(n) = 2 H(n − 1) − 2 (n − 1) / n} is the
 * average path length of an unsuccessful binary-search-tree lookup; scores are in (0, 1), near 0.5 or below
 * for ordinary rows and towards 1 for isolated ones.
 *
 * <p>This is the default method: it assumes no shape of the data, so it copes with the mixtures of scaled
 * numbers, one-hot and hashed columns that feature matrices are, with several modes, and with constant columns
 * (a split only uses a feature that varies in its node). The randomness comes from a {@link Random} seeded with
 * the options' seed, so the same rows, options and seed give the same forest. A row beyond the reference range
 * in a single feature is isolated no faster than one just past the range, so the forest flags rows that are
 * unusual in several features more readily than rows extreme in one; {@link MahalanobisDetector} measures
 * how far.
 *
 * <p>JSON fields beyond the shared ones: {@code sampleSize} (ψ) and {@code trees}, each with the parallel node
 * arrays {@code feature} (−1 for a leaf), {@code split} (rows with {@code x[feature] < split} go left),
 * {@code left}, {@code right} (child indices, −1 for a leaf; always larger than the node's own index) and
 * {@code size} (the reference rows of the sample in a leaf, 0 for an inner node). Node 0 is the root.
 */
public final class IsolationForest extends OutlierDetector {
    private static final double EULER_GAMMA = 0.5772156649015329;

    private final int sampleSize;
    private final Tree[] trees;

    private IsolationForest(Calibration calibration, int sampleSize, Tree[] trees) {
        super(calibration);
        this.sampleSize = sampleSize;
        this.trees = trees;
    }

    static IsolationForest grow(double[][] rows, List<String> featureNames, OutlierOptions options) {
        Random random = new Random(options.seed());
        int psi = Math.min(options.sampleSize(), rows.length);
        int heightLimit = (int) Math.ceil(Math.log(psi) / Math.log(2));
        int[] order = new int[rows.length];
        Arrays.setAll(order, i -> i);
        Tree[] trees = new Tree[options.trees()];
        for (int t = 0; t < trees.length; t++) {
            // a partial Fisher–Yates shuffle: the first psi entries are a uniform sample without replacement
            for (int i = 0; i < psi; i++) {
                int j = i + random.nextInt(order.length - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            TreeBuilder builder = new TreeBuilder(rows, random, heightLimit);
            builder.grow(Arrays.copyOf(order, psi), 0, psi, 0);
            trees[t] = builder.tree();
        }
        IsolationForest shell = new IsolationForest(null, psi, trees);
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = shell.rawScore(rows[i]);
        }
        return new IsolationForest(Calibration.of(scores, featureNames, options.falsePositiveRate()), psi, trees);
    }

    @Override
    public OutlierMethod method() {
        return OutlierMethod.ISOLATION_FOREST;
    }

    /** The rows sampled per tree (ψ). */
    public int sampleSize() {
        return sampleSize;
    }

    /** The number of trees. */
    public int treeCount() {
        return trees.length;
    }

    @Override
    double rawScore(double[] row) {
        double total = 0;
        for (Tree tree : trees) {
            total += tree.pathLength(row);
        }
        return Math.pow(2, -(total / trees.length) / averagePathLength(sampleSize));
    }

    /** c(n): the average path length of an unsuccessful search in a binary search tree of n keys. */
    static double averagePathLength(int n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        return 2 * (Math.log(n - 1) + EULER_GAMMA) - 2.0 * (n - 1) / n;
    }

    @Override
    void writeModel(ObjectNode root) {
        root.put("sampleSize", sampleSize);
        ArrayNode out = root.putArray("trees");
        for (Tree tree : trees) {
            ObjectNode node = out.addObject();
            ArrayNode feature = node.putArray("feature");
            ArrayNode split = node.putArray("split");
            ArrayNode left = node.putArray("left");
            ArrayNode right = node.putArray("right");
            ArrayNode size = node.putArray("size");
            for (int i = 0; i < tree.feature.length; i++) {
                feature.add(tree.feature[i]);
                split.add(tree.split[i]);
                left.add(tree.left[i]);
                right.add(tree.right[i]);
                size.add(tree.size[i]);
            }
        }
    }

    static IsolationForest read(JsonNode root, Calibration calibration) {
        JsonNode psiNode = root.path("sampleSize");
        if (!psiNode.isInt() || psiNode.asInt() < 2 || psiNode.asInt() > 65_536) {
            throw DetectorJson.bad("sampleSize", "must be an integer from 2 to 65536");
        }
        JsonNode treesNode = root.path("trees");
        if (!treesNode.isArray() || treesNode.isEmpty() || treesNode.size() > 10_000) {
            throw DetectorJson.bad("trees", "must be an array of 1 to 10000 trees");
        }
        int width = calibration.featureNames().size();
        Tree[] trees = new Tree[treesNode.size()];
        for (int t = 0; t < trees.length; t++) {
            trees[t] = readTree(treesNode.get(t), "trees[" + t + "]", width);
        }
        return new IsolationForest(calibration, psiNode.asInt(), trees);
    }

    private static Tree readTree(JsonNode node, String at, int width) {
        int nodes = node.path("feature").size();
        if (!node.isObject() || nodes < 1) {
            throw DetectorJson.bad(at, "must be a tree with at least one node");
        }
        int[] feature = DetectorJson.ints(node, "feature", nodes);
        double[] split = DetectorJson.reals(node, "split", nodes);
        int[] left = DetectorJson.ints(node, "left", nodes);
        int[] right = DetectorJson.ints(node, "right", nodes);
        int[] size = DetectorJson.ints(node, "size", nodes);
        for (int i = 0; i < nodes; i++) {
            boolean leaf = feature[i] == -1;
            boolean valid = leaf ? left[i] == -1 && right[i] == -1 && size[i] >= 1
                    : feature[i] >= 0 && feature[i] < width && left[i] > i && right[i] > i && left[i] < nodes
                            && right[i] < nodes && size[i] == 0;
            if (!valid) {
                throw DetectorJson.bad(at + ".node[" + i + "]", "is neither a leaf nor an inner node with children"
                        + " after it and a feature below " + width);
            }
        }
        return new Tree(feature, split, left, right, size);
    }

    /** One tree as parallel node arrays. */
    private record Tree(int[] feature, double[] split, int[] left, int[] right, int[] size) {
        double pathLength(double[] row) {
            int node = 0;
            int depth = 0;
            while (feature[node] >= 0) {
                node = row[feature[node]] < split[node] ? left[node] : right[node];
                depth++;
            }
            return depth + averagePathLength(size[node]);
        }
    }

    /** Grows one tree in preorder. */
    private static final class TreeBuilder {
        private final double[][] rows;
        private final Random random;
        private final int heightLimit;
        private final int width;
        private int[] feature = new int[64];
        private double[] split = new double[64];
        private int[] left = new int[64];
        private int[] right = new int[64];
        private int[] size = new int[64];
        private int count;

        TreeBuilder(double[][] rows, Random random, int heightLimit) {
            this.rows = rows;
            this.random = random;
            this.heightLimit = heightLimit;
            this.width = rows[0].length;
        }

        /** Grows the subtree of {@code sample[from, to)}, returning its node index. */
        int grow(int[] sample, int from, int to, int depth) {
            int node = newNode();
            int n = to - from;
            if (depth < heightLimit && n > 1) {
                double[] min = new double[width];
                double[] max = new double[width];
                Arrays.fill(min, Double.POSITIVE_INFINITY);
                Arrays.fill(max, Double.NEGATIVE_INFINITY);
                for (int i = from; i < to; i++) {
                    double[] row = rows[sample[i]];
                    for (int j = 0; j < width; j++) {
                        min[j] = Math.min(min[j], row[j]);
                        max[j] = Math.max(max[j], row[j]);
                    }
                }
                int[] varying = new int[width];
                int candidates = 0;
                for (int j = 0; j < width; j++) {
                    if (max[j] > min[j]) {
                        varying[candidates++] = j;
                    }
                }
                if (candidates > 0) {
                    int f = varying[random.nextInt(candidates)];
                    double s = min[f] + random.nextDouble() * (max[f] - min[f]);
                    if (s <= min[f]) {
                        s = Math.nextUp(min[f]);
                    }
                    int mid = partition(sample, from, to, f, s);
                    // grow first: growing may replace the node arrays
                    int leftChild = grow(sample, from, mid, depth + 1);
                    int rightChild = grow(sample, mid, to, depth + 1);
                    feature[node] = f;
                    split[node] = s;
                    left[node] = leftChild;
                    right[node] = rightChild;
                    return node;
                }
            }
            feature[node] = -1;
            left[node] = -1;
            right[node] = -1;
            size[node] = n;
            return node;
        }

        private int partition(int[] sample, int from, int to, int f, double s) {
            int mid = from;
            for (int i = from; i < to; i++) {
                if (rows[sample[i]][f] < s) {
                    int swap = sample[mid];
                    sample[mid] = sample[i];
                    sample[i] = swap;
                    mid++;
                }
            }
            return mid;
        }

        private int newNode() {
            if (count == feature.length) {
                int grown = count * 2;
                feature = Arrays.copyOf(feature, grown);
                split = Arrays.copyOf(split, grown);
                left = Arrays.copyOf(left, grown);
                right = Arrays.copyOf(right, grown);
                size = Arrays.copyOf(size, grown);
            }
            return count++;
        }

        Tree tree() {
            return new Tree(Arrays.copyOf(feature, count), Arrays.copyOf(split, count), Arrays.copyOf(left, count),
                    Arrays.copyOf(right, count), Arrays.copyOf(size, count));
        }
    }
}
