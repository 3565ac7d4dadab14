package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.Table;
import dev.gyre.data.profile.ColumnProfile;
import dev.gyre.data.profile.DatasetProfile;
import dev.gyre.data.profile.ProfileOptions;
import dev.gyre.data.profile.Profiler;
import dev.gyre.training.LearningTask;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The profile of the training data a model version was validated with, for monitoring to compare live
 * windows against: one {@link DatasetProfile} whose columns are the raw input columns the features read (in
 * the features' input order), then the model outputs on the same rows as named by {@link PredictionColumns}.
 * It keeps the sketches, so monitoring can {@linkplain DatasetProfile#merge merge} window profiles built with
 * {@link #newProfiler()} and run distribution tests against it.
 *
 * <p>Stored with {@link #toBytes()}: the magic bytes {@code GYRF}, a format version ({@value #VERSION}), the
 * task, the classes, the input and output column names, the profile options, then the profile in
 * {@link DatasetProfile#toBytes()} form. Immutable; safe to share between threads.
 */
public final class ReferenceProfile {
    /** The version of the binary form written; reading refuses any other. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = {'G', 'Y', 'R', 'F'};

    private final LearningTask task;
    private final List<String> classes;
    private final List<String> inputColumns;
    private final List<String> outputColumns;
    private final ProfileOptions options;
    private final DatasetProfile profile;

    private ReferenceProfile(LearningTask task, List<String> classes, List<String> inputColumns,
            List<String> outputColumns, ProfileOptions options, DatasetProfile profile) {
        this.task = task;
        this.classes = List.copyOf(classes);
        this.inputColumns = List.copyOf(inputColumns);
        this.outputColumns = List.copyOf(outputColumns);
        this.options = options;
        this.profile = profile;
        List<String> expected = new ArrayList<>(inputColumns);
        expected.addAll(outputColumns);
        List<String> actual = profile.columns().stream().map(ColumnProfile::name).toList();
        if (!expected.equals(actual)) {
            throw new GyreException.InvalidArgument("reference profile: the profile has the columns " + actual
                    + " but the reference names " + expected + "; give a reference profile written by Gyre.");
        }
    }

    /**
     * Profiles the inputs and the model outputs of reference rows.
     *
     * @param inputs      the raw input columns of the rows
     * @param predictions the model's predictions of the same rows, in order
     * @throws GyreException.InvalidArgument when an input column has an output column's name, or the
     *                                       predictions do not fit the task or the rows
     */
    public static ReferenceProfile of(Table inputs, LearningTask task, List<String> classes, double[][] predictions,
            ProfileOptions options) {
        Objects.requireNonNull(options, "options");
        if (predictions.length != inputs.rowCount()) {
            throw new GyreException.InvalidArgument("There are " + predictions.length + " predictions for "
                    + inputs.rowCount() + " rows.");
        }
        List<String> outputs = PredictionColumns.names(task, classes);
        for (String name : outputs) {
            if (inputs.hasColumn(name)) {
                throw new GyreException.InvalidArgument("The input column '" + name + "' has the name of a model"
                        + " output column; rename it so the reference profile can hold both.");
            }
        }
        List<Column> columns = new ArrayList<>(inputs.columns());
        columns.addAll(PredictionColumns.of(task, classes, predictions));
        Table table = new Table(columns);
        DatasetProfile profile = new Profiler(table.schema(), options).add(table).profile();
        List<String> inputNames = inputs.columns().stream().map(Column::name).toList();
        return new ReferenceProfile(task, classes, inputNames, outputs, options, profile);
    }

    /** The inputs and outputs profile, sketches included. */
    public DatasetProfile profile() {
        return profile;
    }

    /** The raw input column names, in profile order. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** The model output column names, after the inputs. */
    public List<String> outputColumns() {
        return outputColumns;
    }

    /** The model's task. */
    public LearningTask task() {
        return task;
    }

    /** The model's classes or cluster ids, in prediction order; empty for regression. */
    public List<String> classes() {
        return classes;
    }

    /** The options the profile was built with. */
    public ProfileOptions options() {
        return options;
    }

    /**
     * A profiler of tables of the reference's columns with the reference's options, for building window
     * profiles that merge with each other and compare with this one: add the input columns followed by
     * {@link PredictionColumns#of} of the window's predictions.
     */
    public Profiler newProfiler() {
        return new Profiler(profile.schema(), options);
    }

    /**
     * The reference of both parts' rows, e.g. of a model's training data profiled in chunks.
     *
     * @throws GyreException.InvalidArgument when the two differ in task, classes or columns
     */
    public ReferenceProfile merge(ReferenceProfile other) {
        if (task != other.task || !classes.equals(other.classes) || !inputColumns.equals(other.inputColumns)) {
            throw new GyreException.InvalidArgument("Cannot merge reference profiles of different models or"
                    + " columns.");
        }
        return new ReferenceProfile(task, classes, inputColumns, outputColumns, options,
                profile.merge(other.profile));
    }

    /** The binary form described above. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeUTF(task.wireName());
            strings(out, classes);
            strings(out, inputColumns);
            strings(out, outputColumns);
            out.writeInt(options.quantileK());
            out.writeInt(options.exactValueLimit());
            byte[] profileBytes = profile.toBytes();
            out.writeInt(profileBytes.length);
            out.write(profileBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void strings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    /**
     * Reads the binary form. The bytes may come from anywhere: lengths are checked against the bytes that
     * remain, and the profile is read as {@link DatasetProfile#fromBytes(byte[])} reads it.
     *
     * @throws GyreException.InvalidArgument when the bytes are not a reference profile of this version,
     *                                       naming what is wrong
     */
    public static ReferenceProfile fromBytes(byte[] bytes) {
        CheckedReader in = new CheckedReader(bytes, "reference profile", MAGIC, VERSION);
        LearningTask task = task(in.string("task"));
        List<String> classes = in.strings("classes");
        List<String> inputs = in.strings("inputColumns");
        List<String> outputs = in.strings("outputColumns");
        if (!outputs.equals(PredictionColumns.names(task, classes))) {
            throw in.bad("outputColumns", "do not match the task and classes");
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            throw in.bad("classes", "repeat a class");
        }
        ProfileOptions options;
        try {
            options = new ProfileOptions(in.integer("quantileK"), in.integer("exactValueLimit"));
        } catch (GyreException.InvalidArgument e) {
            throw in.bad("options", e.getMessage());
        }
        DatasetProfile profile = DatasetProfile.fromBytes(in.blob("profile"));
        in.end();
        return new ReferenceProfile(task, classes, inputs, outputs, options, profile);
    }

    private static LearningTask task(String wireName) {
        for (LearningTask task : LearningTask.values()) {
            if (task.wireName().equals(wireName)) {
                return task;
            }
        }
        throw new GyreException.InvalidArgument("reference profile.task: unknown task '" + wireName
                + "'; give a reference profile written by Gyre.");
    }

    @Override
    public String toString() {
        return "ReferenceProfile[" + task + ", " + profile.rowCount() + " rows, inputs " + inputColumns
                + ", outputs " + outputColumns + "]";
    }
}
