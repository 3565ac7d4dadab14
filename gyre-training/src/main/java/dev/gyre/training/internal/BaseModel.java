package dev.gyre.training.internal;

import dev.gyre.core.GyreException;
import dev.gyre.training.Contributions;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.TrainedModel;
import java.util.List;
import java.util.Map;

/**
 * The common part of every built-in model: its header, the check of each row, and the envelope. A subclass
 * supplies the prediction of a checked row and its payload.
 */
public abstract class BaseModel implements TrainedModel {

    private final ModelHeader header;

    protected BaseModel(ModelHeader header) {
        this.header = header;
    }

    /** The header this model serialises with. */
    public ModelHeader header() {
        return header;
    }

    @Override
    public String algorithm() {
        return header.algorithm();
    }

    @Override
    public Map<String, Object> params() {
        return header.params();
    }

    @Override
    public long seed() {
        return header.seed();
    }

    @Override
    public LearningTask task() {
        return header.task();
    }

    @Override
    public List<String> featureNames() {
        return header.featureNames();
    }

    @Override
    public List<String> classes() {
        return header.classes();
    }

    @Override
    public final double[] predict(double[] row) {
        checkRow(row);
        return predictRow(row);
    }

    @Override
    public double[][] predictBatch(double[][] rows) {
        for (double[] row : rows) {
            checkRow(row);
        }
        return predictRows(rows);
    }

    /** Predicts checked rows; override when a batch is cheaper than row by row. */
    protected double[][] predictRows(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = predictRow(rows[i]);
        }
        return out;
    }

    @Override
    public final List<Contributions> contributions(double[] row) {
        checkRow(row);
        return contributionsOf(row);
    }

    /** Exact contributions for a checked row; none unless a subclass has an exact method. */
    protected List<Contributions> contributionsOf(double[] row) {
        return List.of();
    }

    /** Predicts a row already checked for length and finiteness. */
    protected abstract double[] predictRow(double[] row);

    /** The format-specific bytes. */
    protected abstract byte[] payload();

    @Override
    public final byte[] serialize() {
        return ModelEnvelope.write(header, payload());
    }

    private void checkRow(double[] row) {
        int width = header.featureNames().size();
        if (row == null || row.length != width) {
            throw new GyreException.InvalidArgument("a row for this " + algorithm() + " model needs " + width
                    + " values (" + String.join(", ", header.featureNames()) + "), not "
                    + (row == null ? 0 : row.length));
        }
        for (int j = 0; j < width; j++) {
            if (!Double.isFinite(row[j])) {
                throw new GyreException.InvalidArgument("feature '" + header.featureNames().get(j) + "' is " + row[j]
                        + "; models predict only from finite values, impute it first");
            }
        }
    }

    @Override
    public String toString() {
        return algorithm() + " " + task() + " model over " + featureNames().size() + " features";
    }

    /** Index of the largest value; ties go to the first. */
    public static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
