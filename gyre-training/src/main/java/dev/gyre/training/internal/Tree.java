package dev.gyre.training.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One binary decision tree in flat arrays. Node 0 is the root; an inner node sends a row left when
 * {@code x[feature] <= threshold}; a leaf ({@code feature == -1}) holds {@code outputs} values (class
 * probabilities, or one mean). Each node's cover is the training weight that reached it (rows counted with
 * their bootstrap multiplicity), so a node's cover is the sum of its children's; trees read from a format
 * without covers have none.
 */
final class Tree {

    final int[] feature;
    final double[] threshold;
    final int[] left;
    final int[] right;
    /** {@code outputs} values per node; only leaves' are used. */
    final double[] value;
    final int outputs;
    /** The training weight per node, or {@code null} when unknown. */
    final double[] cover;

    Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value, int outputs, double[] cover) {
        this.cover = cover;
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.value = value;
        this.outputs = outputs;
    }

    int nodes() {
        return feature.length;
    }

    /** The offset in {@link #value} of the leaf this row reaches. */
    int leafOffset(double[] row) {
        int node = 0;
        while (feature[node] >= 0) {
            node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        return node * outputs;
    }

    /** The deepest path, for reports. */
    int depth() {
        int[] depth = new int[nodes()];
        int max = 0;
        for (int node = 0; node < nodes(); node++) {
            if (feature[node] >= 0) {
                depth[left[node]] = depth[node] + 1;
                depth[right[node]] = depth[node] + 1;
                max = Math.max(max, depth[node] + 1);
            }
        }
        return max;
    }

    boolean hasCovers() {
        return cover != null;
    }

    /**
     * Node count, then per node: feature (int), the cover (double) when {@code covers}; inner: threshold
     * (double), left, right; leaf: the values.
     */
    void write(DataOutputStream out, boolean covers) throws IOException {
        out.writeInt(nodes());
        for (int node = 0; node < nodes(); node++) {
            out.writeInt(feature[node]);
            if (covers) {
                out.writeDouble(cover[node]);
            }
            if (feature[node] >= 0) {
                out.writeDouble(threshold[node]);
                out.writeInt(left[node]);
                out.writeInt(right[node]);
            } else {
                for (int k = 0; k < outputs; k++) {
                    out.writeDouble(value[node * outputs + k]);
                }
            }
        }
    }

    static Tree read(DataInputStream in, int outputs, int features, boolean covers) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > 1 << 28) {
            throw new IOException("bad node count " + n);
        }
        int[] feature = new int[n];
        double[] threshold = new double[n];
        int[] left = new int[n];
        int[] right = new int[n];
        double[] value = new double[n * outputs];
        double[] cover = covers ? new double[n] : null;
        for (int node = 0; node < n; node++) {
            feature[node] = in.readInt();
            if (feature[node] >= features || feature[node] < -1) {
                throw new IOException("bad feature index " + feature[node]);
            }
            if (covers) {
                cover[node] = in.readDouble();
                if (!(cover[node] > 0) || Double.isInfinite(cover[node])) {
                    throw new IOException("bad cover at node " + node);
                }
            }
            if (feature[node] >= 0) {
                threshold[node] = in.readDouble();
                left[node] = in.readInt();
                right[node] = in.readInt();
                // Children come after their parent, which also rules out cycles.
                if (left[node] <= node || right[node] <= node || left[node] >= n || right[node] >= n) {
                    throw new IOException("bad child index at node " + node);
                }
            } else {
                for (int k = 0; k < outputs; k++) {
                    value[node * outputs + k] = in.readDouble();
                }
            }
        }
        return new Tree(feature, threshold, left, right, value, outputs, cover);
    }
}
