package dev.gyre.training.internal;

/**
 * Exact path-dependent Tree SHAP for one tree (Lundberg, Erion and Lee, "Consistent individualized feature
 * attribution for tree ensembles", 2018, algorithm 2), in O(leaves × depth²).
 *
 * <p>The value of a set S of known features is the tree's output with the features of S set to the row's
 * values and the others integrated out along the tree: at a split on an unknown feature both children are
 * followed, weighted by their share of the node's training cover. The Shapley values of that game are
 * computed in one pass: the walk keeps, for the unique features on the current path, the fraction of
 * "zero" (feature unknown) and "one" (feature known) paths flowing through, and the weights of the subsets
 * of each size; at a leaf each path feature receives its share. A feature split on twice along a path is
 * first removed ("unwound") and then extended again with the product of its fractions.
 */
final class TreeShap {

    private TreeShap() {
    }

    /** The unique features along a path, their fractions and the subset-size weights. */
    private static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;
        int length;

        Path(int capacity) {
            feature = new int[capacity];
            zero = new double[capacity];
            one = new double[capacity];
            weight = new double[capacity];
        }

        Path copy(int capacity) {
            Path p = new Path(capacity);
            System.arraycopy(feature, 0, p.feature, 0, length);
            System.arraycopy(zero, 0, p.zero, 0, length);
            System.arraycopy(one, 0, p.one, 0, length);
            System.arraycopy(weight, 0, p.weight, 0, length);
            p.length = length;
            return p;
        }
    }

    /** The tree's expected output per value index: the leaves' values weighted by their cover share. */
    static double[] expectedValue(Tree tree) {
        double[] out = new double[tree.outputs];
        double root = tree.cover[0];
        for (int node = 0; node < tree.nodes(); node++) {
            if (tree.feature[node] < 0) {
                double share = tree.cover[node] / root;
                for (int k = 0; k < tree.outputs; k++) {
                    out[k] += share * tree.value[node * tree.outputs + k];
                }
            }
        }
        return out;
    }

    /**
     * Adds the tree's SHAP values for {@code x}, multiplied by {@code scale}, to {@code phi[k][feature]} for
     * every value index k.
     */
    static void accumulate(Tree tree, double[] x, double scale, double[][] phi) {
        if (!tree.hasCovers()) {
            throw new IllegalStateException("the tree has no node covers");
        }
        recurse(tree, x, scale, phi, 0, new Path(1), 1, 1, -1);
    }

    private static void recurse(Tree tree, double[] x, double scale, double[][] phi, int node, Path parent,
                                double zeroFraction, double oneFraction, int feature) {
        Path m = extend(parent, zeroFraction, oneFraction, feature);
        int split = tree.feature[node];
        if (split < 0) {
            for (int i = 1; i < m.length; i++) {
                double w = unwoundSum(m, i) * (m.one[i] - m.zero[i]) * scale;
                for (int k = 0; k < tree.outputs; k++) {
                    phi[k][m.feature[i]] += w * tree.value[node * tree.outputs + k];
                }
            }
            return;
        }
        int hot = x[split] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
        int cold = hot == tree.left[node] ? tree.right[node] : tree.left[node];
        double incomingZero = 1;
        double incomingOne = 1;
        for (int i = 1; i < m.length; i++) {
            if (m.feature[i] == split) {
                incomingZero = m.zero[i];
                incomingOne = m.one[i];
                m = unwind(m, i);
                break;
            }
        }
        double cover = tree.cover[node];
        recurse(tree, x, scale, phi, hot, m, incomingZero * tree.cover[hot] / cover, incomingOne, split);
        recurse(tree, x, scale, phi, cold, m, incomingZero * tree.cover[cold] / cover, 0, split);
    }

    /** A copy of the path with one more feature, its fractions, and the subset weights updated. */
    private static Path extend(Path parent, double zeroFraction, double oneFraction, int feature) {
        int l = parent.length;
        Path m = parent.copy(l + 1);
        m.feature[l] = feature;
        m.zero[l] = zeroFraction;
        m.one[l] = oneFraction;
        m.weight[l] = l == 0 ? 1 : 0;
        m.length = l + 1;
        for (int i = l - 1; i >= 0; i--) {
            m.weight[i + 1] += oneFraction * m.weight[i] * (i + 1) / (l + 1);
            m.weight[i] = zeroFraction * m.weight[i] * (l - i) / (l + 1);
        }
        return m;
    }

    /** A copy of the path with element i removed: the inverse of {@link #extend}. */
    private static Path unwind(Path m, int i) {
        int l = m.length - 1;
        Path out = m.copy(m.length);
        double one = m.one[i];
        double zero = m.zero[i];
        double n = m.weight[l];
        for (int j = l - 1; j >= 0; j--) {
            if (one != 0) {
                double t = out.weight[j];
                out.weight[j] = n * (l + 1) / ((j + 1) * one);
                n = t - out.weight[j] * zero * (l - j) / (l + 1);
            } else {
                out.weight[j] = out.weight[j] * (l + 1) / (zero * (l - j));
            }
        }
        for (int j = i; j < l; j++) {
            out.feature[j] = m.feature[j + 1];
            out.zero[j] = m.zero[j + 1];
            out.one[j] = m.one[j + 1];
        }
        out.length = l;
        return out;
    }

    /** The total weight of the path with element i removed, without building it. */
    private static double unwoundSum(Path m, int i) {
        int l = m.length - 1;
        double one = m.one[i];
        double zero = m.zero[i];
        double n = m.weight[l];
        double total = 0;
        if (one != 0) {
            for (int j = l - 1; j >= 0; j--) {
                double w = n * (l + 1) / ((j + 1) * one);
                total += w;
                n = m.weight[j] - w * zero * (l - j) / (l + 1);
            }
        } else {
            for (int j = l - 1; j >= 0; j--) {
                total += m.weight[j] * (l + 1) / (zero * (l - j));
            }
        }
        return total;
    }
}
