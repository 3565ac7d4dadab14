package dev.gyre.features;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.internal.Plan;
import dev.gyre.features.internal.PlanJson;
import dev.gyre.features.internal.Row;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link FeatureSpec} fitted on a training table: turns tables and single rows into numeric features
 * the same way, with the statistics learned at fit time. It travels with the model as JSON
 * ({@link #toJson()}, {@link #fromJson(String)}); there is no Java serialisation.
 *
 * <h2>Outputs and their names</h2>
 * The feature columns come in the order of the training table's columns, then the derived columns in
 * spec order, leaving out the target and the dropped columns. A column with no steps (numbers, or
 * booleans as 1/0) keeps its name; with steps it gives:
 * <ul>
 *   <li>one column named like the input column, after numeric steps, ordinal or frequency;</li>
 *   <li>{@code <column>=<value>} per kept category after one_hot, sorted by value, then
 *       {@code <column>=<other>} when rare values were folded or unseen is other;</li>
 *   <li>{@code <column>#<i>}, i from 0, after hashing;</li>
 *   <li>then {@code <column>_missing} when an impute step has {@code indicator: true}.</li>
 * </ul>
 *
 * <h2>Missing values</h2>
 * A missing input (and any NaN or infinite number) is missing. Numeric steps keep a missing value missing,
 * and turn a non-finite result (log1p of -1 or less, a division by zero in an expression) into a missing
 * value; only impute fills it. The encoders give a missing value no category: one_hot and hashing write
 * zeros, ordinal -1, frequency 0. A feature that is still missing is a missing value in
 * {@link #transform(Table)} and NaN in {@link #transformRow}; {@link #toMatrix(Table)} refuses it.
 *
 * <h2>Unseen categories</h2>
 * A value the training table did not have follows its step's policy: one_hot ignore (zeros), other (the
 * {@code <other>} column) or error; ordinal ignore (-1) or error; frequency gives 0; hashing needs no
 * training values.
 *
 * <p>Immutable and thread-safe.
 */
public final class FittedFeatures {
    /** The {@code format} field of the JSON form. */
    public static final String FORMAT = PlanJson.FORMAT;
    /** The version of the JSON form written; reading refuses any other. */
    public static final int FORMAT_VERSION = PlanJson.VERSION;

    private final FeatureSpec spec;
    private final Plan plan;

    FittedFeatures(FeatureSpec spec, Plan plan) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** The spec this was fitted from. */
    public FeatureSpec spec() {
        return spec;
    }

    /** The SHA-256 of the spec's canonical JSON ({@link FeatureSpec#sha256()}), lower-case hex. */
    public String specHash() {
        return spec.sha256();
    }

    /** The target column, never among the features. */
    public Optional<String> target() {
        return spec.target();
    }

    /** The names of the feature columns, in output order. */
    public List<String> featureNames() {
        return plan.featureNames();
    }

    /** How many feature columns there are. */
    public int featureCount() {
        return plan.width();
    }

    /** The table columns the features read, with their types at fit time. */
    public List<Field> inputs() {
        List<Field> fields = new ArrayList<>();
        for (Plan.Input input : plan.inputs()) {
            fields.add(new Field(input.name(), input.type()));
        }
        return fields;
    }

    /**
     * The features of every row, as numeric columns named by {@link #featureNames()}; the target and
     * other columns are not carried over.
     *
     * @throws GyreException.InvalidArgument when a column the features read is absent or of another type
     *                                       (categorical and text are interchangeable), or for an unseen
     *                                       value under an error policy
     */
    public Table transform(Table table) {
        Objects.requireNonNull(table, "table");
        int rows = table.rowCount();
        int width = plan.width();
        double[][] columns = new double[width][rows];
        BitSet[] missing = new BitSet[width];
        Plan.Cursor cursor = plan.cursor(table);
        Row r = plan.newRow();
        double[] out = new double[width];
        for (int i = 0; i < rows; i++) {
            cursor.load(i, r);
            plan.evaluate(r, out);
            for (int j = 0; j < width; j++) {
                double v = out[j];
                if (Double.isNaN(v)) {
                    if (missing[j] == null) {
                        missing[j] = new BitSet(rows);
                    }
                    missing[j].set(i);
                }
                columns[j][i] = v;
            }
        }
        List<Column> result = new ArrayList<>(width);
        List<String> names = plan.featureNames();
        for (int j = 0; j < width; j++) {
            result.add(new NumericColumn(names.get(j), columns[j], missing[j]));
        }
        return new Table(result);
    }

    /**
     * The features of one row, e.g. one serving request, in {@link #featureNames()} order; a missing
     * feature is NaN. Values are the boxed types of {@link Column#get} ({@link Number}, {@link String},
     * {@link Boolean}, {@link java.time.Instant} or epoch-millisecond {@link Number}); an absent name is a
     * missing value; names the features do not read are ignored. Equals, bit for bit, the same row of
     * {@link #transform(Table)}.
     *
     * @throws GyreException.InvalidArgument for a value of the wrong type, or an unseen value under an
     *                                       error policy
     */
    public double[] transformRow(Map<String, ?> row) {
        double[] out = new double[plan.width()];
        transformRow(row, out);
        return out;
    }

    /**
     * As {@link #transformRow(Map)}, writing into {@code out} (of length {@link #featureCount()}), for
     * callers that reuse the array.
     */
    public void transformRow(Map<String, ?> row, double[] out) {
        Objects.requireNonNull(row, "row");
        if (out.length != plan.width()) {
            throw new IllegalArgumentException("out has " + out.length + " places for " + plan.width() + " features");
        }
        Row r = plan.newRow();
        plan.load(row, r);
        plan.evaluate(r, out);
    }

    /**
     * The features as a row-major matrix ({@code [row][feature]}) for trainers, which need every value.
     *
     * @throws GyreException.InvalidArgument when a feature is missing in some row, naming the feature, the
     *                                       row and the column, and suggesting an impute step; and as
     *                                       {@link #transform(Table)}
     */
    public double[][] toMatrix(Table table) {
        Objects.requireNonNull(table, "table");
        int rows = table.rowCount();
        double[][] matrix = new double[rows][plan.width()];
        Plan.Cursor cursor = plan.cursor(table);
        Row r = plan.newRow();
        for (int i = 0; i < rows; i++) {
            cursor.load(i, r);
            plan.evaluate(r, matrix[i]);
            for (int j = 0; j < matrix[i].length; j++) {
                if (Double.isNaN(matrix[i][j])) {
                    throw missingError(i, j);
                }
            }
        }
        return matrix;
    }

    private GyreException.InvalidArgument missingError(int row, int feature) {
        String column = plan.sourceColumn(feature);
        return new GyreException.InvalidArgument("The feature '" + plan.featureNames().get(feature) + "' is missing"
                + " in row " + row + ", and a model needs every value. Impute the column '" + column + "' in the"
                + " feature spec, e.g. " + column + ": [{impute: median}, ...] (add indicator: true to keep the fact"
                + " that it was missing), or drop it.");
    }

    /**
     * The JSON form: {@code format} {@value PlanJson#FORMAT}, {@code version} {@value PlanJson#VERSION}, the
     * canonical spec and its SHA-256, the input columns with their types, every fitted step's parameters,
     * and the feature names.
     */
    public String toJson() {
        return PlanJson.write(plan, spec);
    }

    /**
     * Reads the JSON form; the result transforms exactly as the features that wrote it.
     *
     * @throws GyreException.InvalidArgument for another format, a version other than
     *                                       {@link #FORMAT_VERSION}, or a damaged document
     */
    public static FittedFeatures fromJson(String json) {
        Objects.requireNonNull(json, "json");
        PlanJson.Read read = PlanJson.read(json);
        return new FittedFeatures(read.spec(), read.plan());
    }

    @Override
    public String toString() {
        return "FittedFeatures[" + plan.width() + " features from " + plan.inputs().size() + " columns, spec "
                + specHash().substring(0, 12) + "]";
    }
}
