package dev.gyre.training.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Grows one CART tree on a {@link BinnedMatrix}: Gini impurity for classification, squared error for
 * regression, best split per feature found from a histogram over the bins, depth first. Rows carry integer
 * weights (a bootstrap's draw counts). At each node the features are tried in a random order until
 * {@code mtry} of them that are not constant in the node have been evaluated, as scikit-learn does; ties
 * between equally good splits go to the first evaluated. Everything random comes from the given generator,
 * so a tree depends only on its inputs and seed.
 */
final class TreeBuilder {

    /** Growth limits. {@code maxDepth} 0 means unlimited. */
    record Limits(int maxDepth, int minSamplesSplit, int minSamplesLeaf, int mtry) {
    }

    private final BinnedMatrix data;
    private final int[] classOf;      // classification: class per row; else null
    private final double[] target;    // regression: target per row; else null
    private final int k;              // outputs: classes, or 1
    private final Limits limits;
    private final SplittableRandom random;

    private final double[] hist;
    private final double[] weightHist;
    private final double[] leftStats;
    private final double[] stats;
    private final int[] order;
    private int[] occupied = new int[0];
    private double sumSquares;

    // Growing node arrays.
    private int[] feature = new int[64];
    private double[] threshold = new double[64];
    private int[] left = new int[64];
    private int[] right = new int[64];
    private double[] value;
    private double[] cover = new double[64];
    private int nodes;

    TreeBuilder(BinnedMatrix data, int[] classOf, int classes, double[] target, Limits limits, SplittableRandom random) {
        this.data = data;
        this.classOf = classOf;
        this.target = target;
        this.k = classOf != null ? classes : 1;
        this.limits = limits;
        this.random = random;
        int maxBins = Arrays.stream(data.binCount).max().orElse(1);
        // Classification keeps k weights per bin; regression keeps the weighted sum per bin and the weights apart.
        this.hist = new double[maxBins * k];
        this.weightHist = new double[maxBins];
        this.leftStats = new double[k];
        this.stats = new double[k];
        this.order = new int[data.features];
        this.value = new double[64 * k];
    }

    /**
     * Grows the tree over the rows with a positive weight.
     *
     * @param weights per row; {@code null} means every row once
     */
    Tree grow(int[] weights) {
        int[] rows;
        if (weights == null) {
            rows = new int[data.rows];
            Arrays.setAll(rows, i -> i);
        } else {
            int count = 0;
            for (int w : weights) {
                count += w > 0 ? 1 : 0;
            }
            rows = new int[count];
            count = 0;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] > 0) {
                    rows[count++] = i;
                }
            }
        }
        for (int f = 0; f < order.length; f++) {
            order[f] = f;
        }
        occupied = new int[rows.length];
        // Explicit stack of (start, end, depth, node).
        int[] stack = new int[4 * 64];
        int top = 0;
        newNode();
        stack[top++] = 0;
        stack[top++] = rows.length;
        stack[top++] = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            int depth = stack[--top];
            int end = stack[--top];
            int start = stack[--top];
            double weight = nodeStats(rows, start, end, weights);
            cover[node] = weight;
            for (int j = 0; j < k; j++) {
                value[node * k + j] = stats[j] / weight;
            }
            if ((limits.maxDepth > 0 && depth >= limits.maxDepth) || weight < limits.minSamplesSplit
                    || weight < 2.0 * limits.minSamplesLeaf || pure(weight)) {
                continue;
            }
            long split = bestSplit(rows, start, end, weights, weight);
            if (split < 0) {
                continue;
            }
            int f = (int) (split >>> 32);
            int b = (int) split;
            int mid = partition(rows, start, end, data.bins[f], b);
            int l = newNode();
            int r = newNode();
            feature[node] = f;
            threshold[node] = data.upper[f][b];
            left[node] = l;
            right[node] = r;
            if (top + 8 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            // Right first so the left subtree is grown first.
            stack[top++] = mid;
            stack[top++] = end;
            stack[top++] = depth + 1;
            stack[top++] = r;
            stack[top++] = start;
            stack[top++] = mid;
            stack[top++] = depth + 1;
            stack[top++] = l;
        }
        return new Tree(Arrays.copyOf(feature, nodes), Arrays.copyOf(threshold, nodes), Arrays.copyOf(left, nodes),
                Arrays.copyOf(right, nodes), Arrays.copyOf(value, nodes * k), k, Arrays.copyOf(cover, nodes));
    }

    private int newNode() {
        if (nodes == feature.length) {
            int size = nodes * 2;
            feature = Arrays.copyOf(feature, size);
            threshold = Arrays.copyOf(threshold, size);
            left = Arrays.copyOf(left, size);
            right = Arrays.copyOf(right, size);
            value = Arrays.copyOf(value, size * k);
            cover = Arrays.copyOf(cover, size);
        }
        feature[nodes] = -1;
        return nodes++;
    }

    /** Fills {@link #stats} (class weights, or the weighted target sum) and returns the node's weight. */
    private double nodeStats(int[] rows, int start, int end, int[] weights) {
        Arrays.fill(stats, 0);
        sumSquares = 0;
        double weight = 0;
        for (int i = start; i < end; i++) {
            int r = rows[i];
            double w = weights == null ? 1 : weights[r];
            weight += w;
            if (classOf != null) {
                stats[classOf[r]] += w;
            } else {
                stats[0] += w * target[r];
                sumSquares += w * target[r] * target[r];
            }
        }
        return weight;
    }

    private boolean pure(double weight) {
        if (classOf != null) {
            for (int j = 0; j < k; j++) {
                if (stats[j] == weight) {
                    return true;
                }
            }
            return false;
        }
        double mean = stats[0] / weight;
        return sumSquares / weight - mean * mean <= 1e-12 * Math.max(1, mean * mean);
    }

    /** The best split as {@code feature << 32 | bin}, or -1 when no feature can split the node. */
    private long bestSplit(int[] rows, int start, int end, int[] weights, double weight) {
        double parentScore = score(stats, weight);
        double bestScore = Double.NEGATIVE_INFINITY;
        long best = -1;
        int evaluated = 0;
        int minLeaf = limits.minSamplesLeaf;
        for (int i = 0; i < order.length && evaluated < limits.mtry; i++) {
            int pick = i + random.nextInt(order.length - i);
            int f = order[pick];
            order[pick] = order[i];
            order[i] = f;
            byte[] col = data.bins[f];
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            int count = end - start;
            // A small node visits only its occupied bins (sorted) instead of every bin between lo and hi.
            boolean sparse = count * 4 < data.binCount[f];
            for (int j = start; j < end; j++) {
                int r = rows[j];
                int b = col[r] & 0xFF;
                double w = weights == null ? 1 : weights[r];
                if (classOf != null) {
                    hist[b * k + classOf[r]] += w;
                } else {
                    hist[b] += w * target[r];
                }
                weightHist[b] += w;
                lo = Math.min(lo, b);
                hi = Math.max(hi, b);
                if (sparse) {
                    occupied[j - start] = b;
                }
            }
            int visits = hi - lo;
            if (sparse) {
                Arrays.sort(occupied, 0, count);
                visits = 0;
                for (int j = 0; j < count; j++) {
                    if (j == 0 || occupied[j] != occupied[j - 1]) {
                        occupied[visits++] = occupied[j];
                    }
                }
                visits--;   // the last occupied bin is never a left side
            }
            if (lo == hi) {
                clear(lo, hi);
                continue;
            }
            evaluated++;
            Arrays.fill(leftStats, 0);
            double leftWeight = 0;
            for (int v = 0; v < visits; v++) {
                int b = sparse ? occupied[v] : lo + v;
                if (weightHist[b] == 0) {
                    continue;
                }
                leftWeight += weightHist[b];
                for (int j = 0; j < k; j++) {
                    leftStats[j] += hist[b * k + j];
                }
                double rightWeight = weight - leftWeight;
                if (leftWeight < minLeaf || rightWeight < minLeaf) {
                    continue;
                }
                double s = splitScore(leftWeight, rightWeight);
                if (s > bestScore) {
                    bestScore = s;
                    best = ((long) f << 32) | b;
                }
            }
            if (sparse) {
                for (int v = 0; v <= visits; v++) {
                    clear(occupied[v], occupied[v]);
                }
            } else {
                clear(lo, hi);
            }
        }
        // A split that makes the impurity worse through rounding is no split.
        return best >= 0 && bestScore >= parentScore - 1e-9 * Math.abs(parentScore) ? best : -1;
    }

    private void clear(int lo, int hi) {
        Arrays.fill(hist, lo * k, (hi + 1) * k, 0);
        Arrays.fill(weightHist, lo, hi + 1, 0);
    }

    /** Σ c²/w over both sides: larger is purer (Gini) or lower squared error (regression). */
    private double splitScore(double leftWeight, double rightWeight) {
        double l = 0;
        double r = 0;
        for (int j = 0; j < k; j++) {
            double a = leftStats[j];
            double c = stats[j] - a;
            l += a * a;
            r += c * c;
        }
        return l / leftWeight + r / rightWeight;
    }

    private double score(double[] s, double weight) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += s[j] * s[j];
        }
        return sum / weight;
    }

    /** Puts the rows with bin ≤ b first and returns where the others start. */
    private static int partition(int[] rows, int start, int end, byte[] col, int b) {
        int i = start;
        int j = end - 1;
        while (i <= j) {
            if ((col[rows[i]] & 0xFF) <= b) {
                i++;
            } else {
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
                j--;
            }
        }
        return i;
    }
}
