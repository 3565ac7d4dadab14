package dev.gyre.training.internal;

import dev.gyre.core.GyreException;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A decision tree or a forest of them: the prediction is the mean of the trees' leaf values (class
 * probabilities, or values).
 *
 * <p>Payload {@code gyre-tree-ensemble/1}, big-endian: {@code int outputs}, {@code int trees}, then each tree
 * as {@code int nodes} followed by its nodes in index order — {@code int feature} (−1 for a leaf); an inner
 * node then has {@code double threshold, int left, int right} (a row goes left when
 * {@code x[feature] <= threshold}, children have larger indices than their parent); a leaf has
 * {@code outputs} doubles.
 */
final class TreeEnsembleModel extends BaseModel {

    static final String FORMAT = "gyre-tree-ensemble/1";

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
    protected byte[] payload() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(outputs);
            out.writeInt(trees.size());
            for (Tree tree : trees) {
                tree.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TreeEnsembleModel read(ModelHeader header, byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int outputs = in.readInt();
            int expected = header.task() == LearningTask.CLASSIFICATION ? header.classes().size() : 1;
            int count = in.readInt();
            if (outputs != expected || count < 1) {
                throw new IOException("outputs " + outputs + " or tree count " + count + " do not fit the header");
            }
            Tree[] trees = new Tree[count];
            for (int t = 0; t < count; t++) {
                trees[t] = Tree.read(in, outputs, header.featureNames().size());
            }
            if (in.read() != -1) {
                throw new IOException("stray bytes");
            }
            return new TreeEnsembleModel(header, List.of(trees));
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("the " + header.algorithm() + " model payload is not a valid "
                    + FORMAT + " payload (" + e.getMessage() + "); serialise the model again", e);
        }
    }
}
