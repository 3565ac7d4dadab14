package dev.gyre.serving.pkg;

import dev.gyre.core.GyreException;
import dev.gyre.training.TrainedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model package ready to predict, for use as a library from any JVM application:
 * <pre>{@code
 * GyreModel model = GyreModel.load(Path.of("titanic-3.gyrepkg"));
 * Prediction p = model.predict(Map.of("Sex", "female", "Pclass", 1, "Age", 29, "Fare", 80.0, "Embarked", "C"));
 * p.predictedClass();   // "1"
 * p.probabilities();    // {"0"=0.07, "1"=0.93}
 * }</pre>
 * Each record is checked by an {@link InputValidator} (unknown fields ignored, with a note), turned into the
 * model's row by the fitted features exactly as at training time, and predicted. Immutable and thread-safe:
 * one instance serves any number of threads.
 */
public final class GyreModel {
    private final ModelPackage pkg;
    private final InputValidator validator;

    private GyreModel(ModelPackage pkg, InputValidator validator) {
        this.pkg = pkg;
        this.validator = validator;
    }

    /**
     * Loads a package file ({@link ModelPackages#read(Path)}).
     *
     * @throws GyreException.NotFound        when there is no such file
     * @throws GyreException.InvalidArgument when it is not a valid package
     */
    public static GyreModel load(Path file) {
        return of(ModelPackages.read(file));
    }

    /** A model over a package already read, ignoring unknown fields. */
    public static GyreModel of(ModelPackage pkg) {
        return of(pkg, InputValidator.UnknownFields.IGNORE);
    }

    /** A model over a package already read, with the given policy for fields that are not inputs. */
    public static GyreModel of(ModelPackage pkg, InputValidator.UnknownFields unknownFields) {
        Objects.requireNonNull(pkg, "pkg");
        return new GyreModel(pkg, new InputValidator(pkg.signature(), unknownFields));
    }

    /** The package predicted from. */
    public ModelPackage modelPackage() {
        return pkg;
    }

    /** The inputs a record may have and the outputs of a prediction. */
    public Signature signature() {
        return pkg.signature();
    }

    /**
     * Predicts one record: a map from input field to a JSON-like value ({@link String}, {@link Number},
     * {@link Boolean} or {@code null}).
     *
     * @throws GyreException.InvalidArgument when the record does not fit the signature, naming the field and the
     *                                       fix
     */
    public Prediction predict(Map<String, ?> record) {
        return predictValid(validator.validate(record));
    }

    /**
     * Predicts several records, in order; all are checked before any is predicted.
     *
     * @throws GyreException.InvalidArgument for the first record that does not fit, its message starting with
     *                                       {@code record <i>: }
     */
    public List<Prediction> predictAll(List<? extends Map<String, ?>> records) {
        List<ValidatedRecord> valid = validator.validateAll(records);
        List<Prediction> out = new ArrayList<>(valid.size());
        for (int i = 0; i < valid.size(); i++) {
            try {
                out.add(predictValid(valid.get(i)));
            } catch (GyreException.InvalidArgument e) {
                throw new GyreException.InvalidArgument("record " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * A record checked against the signature and turned into the model's row, not yet predicted: the part of
     * {@link #predict} that depends on the record alone. A batcher prepares each caller's record on its own
     * (so a bad record fails only its caller) and predicts many at once with {@link #predictPrepared}.
     *
     * @param row   the model's row, one finite value per feature
     * @param notes what the input check noted
     */
    public record PreparedRecord(double[] row, List<String> notes) {
        public PreparedRecord {
            row = row.clone();
            notes = List.copyOf(notes);
        }

        @Override
        public double[] row() {
            return row.clone();
        }
    }

    /**
     * Checks and transforms one record, as {@link #predict} does before it predicts.
     *
     * @throws GyreException.InvalidArgument as {@link #predict}
     */
    public PreparedRecord prepare(Map<String, ?> record) {
        return prepare(validator.validate(record));
    }

    /**
     * Predicts prepared records with one batched call of the model; the predictions equal those of
     * {@link #predict} for the same records, in order.
     */
    public List<Prediction> predictPrepared(List<PreparedRecord> records) {
        double[][] rows = new double[records.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = records.get(i).row;
        }
        double[][] out = pkg.model().predictBatch(rows);
        List<Prediction> predictions = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            predictions.add(prediction(out[i], records.get(i).notes()));
        }
        return predictions;
    }

    private PreparedRecord prepare(ValidatedRecord record) {
        double[] row = pkg.features().transformRow(record.values());
        for (int j = 0; j < row.length; j++) {
            if (Double.isNaN(row[j])) {
                throw missingFeature(j);
            }
        }
        return new PreparedRecord(row, record.notes());
    }

    private Prediction predictValid(ValidatedRecord record) {
        PreparedRecord prepared = prepare(record);
        return prediction(pkg.model().predict(prepared.row), prepared.notes());
    }

    private Prediction prediction(double[] out, List<String> notes) {
        TrainedModel model = pkg.model();
        PackageMetadata meta = pkg.metadata();
        Map<String, Double> byClass = new LinkedHashMap<>();
        List<String> classes = model.classes();
        for (int k = 0; k < classes.size(); k++) {
            byClass.put(classes.get(k), out[k]);
        }
        return switch (model.task()) {
            case CLASSIFICATION -> new Prediction(meta.modelName(), meta.version(), best(classes, out, false), byClass,
                    Map.of(), null, notes);
            case CLUSTERING -> new Prediction(meta.modelName(), meta.version(), best(classes, out, true), Map.of(),
                    byClass, null, notes);
            case REGRESSION -> new Prediction(meta.modelName(), meta.version(), null, Map.of(), Map.of(), out[0],
                    notes);
        };
    }

    private static String best(List<String> classes, double[] out, boolean nearest) {
        int best = 0;
        for (int k = 1; k < out.length; k++) {
            if (nearest ? out[k] < out[best] : out[k] > out[best]) {
                best = k;
            }
        }
        return classes.get(best);
    }

    /** A feature left missing although every required field was sent, e.g. log1p of a value of -1 or less. */
    private GyreException.InvalidArgument missingFeature(int feature) {
        String name = pkg.features().featureNames().get(feature);
        return new GyreException.InvalidArgument("The values sent leave the feature '" + name + "' without a value "
                + "(a missing field, or a value its steps cannot take, such as log1p of -1 or less); the model needs "
                + "every feature. Check the fields it is computed from; the inputs are described by the model's "
                + "signature.");
    }

    @Override
    public String toString() {
        return "GyreModel[" + pkg + "]";
    }
}
