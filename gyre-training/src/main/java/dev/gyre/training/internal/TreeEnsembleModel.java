package dev.gyre.training.internal;

import dev.gyre.core.GyreException;
import dev.gyre.training.Contributions;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision tree or a forest of them: the prediction is the mean of the trees' leaf values (class
 * probabilities, or values).
 *
 * <p>Payload {@code gyre-tree-ensemble/2}, big-endian: {@code int outputs}, {@code int trees}, then each tree
 * as {@code int nodes} followed by its nodes in index order — {@code int feature} (−1 for a leaf) and
 * {@code double cover} (the training weight that reached the node); an inner node then has
 * {@code double threshold, int left, int right} (a row goes left when {@code x[feature] <= threshold},
 * children have larger indices than their parent); a leaf has {@code outputs} doubles. Format
 * {@code gyre-tree-ensemble/1} is the same without the covers; such models still read and predict, and are
 * written back in their own format, but have no exact contributions (Tree SHAP needs the covers).
 *
 * <p>Contributions are Tree SHAP values of each tree averaged over the trees, on the probability scale
 * (classification) or the value (regression); the base is the cover-weighted mean of the leaves.
 */
final class TreeEnsembleModel extends BaseModel {

    static final String FORMAT = "gyre-tree-ensemble/2";
    /** The format before node covers were stored. */
    static final String FORMAT_V1 = "gyre-tree-ensemble/1";

    private final List<Tree> trees;
    private final int outputs;

    TreeEnsembleModel(ModelHeader header, List<Tree> trees) {
        super(header);
        this.trees = List.copyOf(trees);
        this.outputs = header.task() == LearningTask.CLASSIFICATION ? header.classes().size() : 1;
    }

    List<Tree> trees() {
        return trees;
    }

    @Override
    protected double[] predictRow(double[] row) {
        double[] sum = new double[outputs];
        for (Tree tree : trees) {
            int offset = tree.leafOffset(row);
            for (int j = 0; j < outputs; j++) {
                sum[j] += tree.value[offset + j];
            }
        }
        for (int j = 0; j < outputs; j++) {
            sum[j] /= trees.size();
        }
        return sum;
    }

    @Override
    protected List<Contributions> contributionsOf(double[] row) {
        for (Tree tree : trees) {
            if (!tree.hasCovers()) {
                return List.of();
            }
        }
        int d = featureNames().size();
        double[][] phi = new double[outputs][d];
        double[] base = new double[outputs];
        double share = 1.0 / trees.size();
        for (Tree tree : trees) {
            TreeShap.accumulate(tree, row, share, phi);
            double[] expected = TreeShap.expectedValue(tree);
            for (int k = 0; k < outputs; k++) {
                base[k] += share * expected[k];
            }
        }
        boolean classification = task() == LearningTask.CLASSIFICATION;
        int first = classification && outputs == 2 ? 1 : 0;
        List<Contributions> out = new ArrayList<>();
        for (int k = first; k < outputs; k++) {
            out.add(Contributions.exact(Contributions.TREE_SHAP,
                    classification ? classes().get(k) : Contributions.VALUE,
                    classification ? Contributions.Scale.PROBABILITY : Contributions.Scale.VALUE,
                    featureNames(), base[k], phi[k]));
        }
        return List.copyOf(out);
    }

    @Override
    protected byte[] payload() {
        boolean covers = header().format().equals(FORMAT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(outputs);
            out.writeInt(trees.size());
            for (Tree tree : trees) {
                tree.write(out, covers);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TreeEnsembleModel read(ModelHeader header, byte[] payload) {
        boolean covers = header.format().equals(FORMAT);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int outputs = in.readInt();
            int expected = header.task() == LearningTask.CLASSIFICATION ? header.classes().size() : 1;
            int count = in.readInt();
            if (outputs != expected || count < 1) {
                throw new IOException("outputs " + outputs + " or tree count " + count + " do not fit the header");
            }
            Tree[] trees = new Tree[count];
            for (int t = 0; t < count; t++) {
                trees[t] = Tree.read(in, outputs, header.featureNames().size(), covers);
            }
            if (in.read() != -1) {
                throw new IOException("stray bytes");
            }
            return new TreeEnsembleModel(header, List.of(trees));
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("the " + header.algorithm() + " model payload is not a valid "
                    + header.format() + " payload (" + e.getMessage() + "); serialise the model again", e);
        }
    }
}
