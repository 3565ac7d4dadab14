package dev.gyre.data.service;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import dev.gyre.data.clean.CleanResult;
import dev.gyre.data.clean.CleanSpecParser;
import dev.gyre.data.clean.Cleaner;
import dev.gyre.data.clean.StepLog;
import dev.gyre.data.ingest.IngestFormat;
import dev.gyre.data.ingest.IngestOptions;
import dev.gyre.data.label.LabelService;
import dev.gyre.data.label.LabelTask;
import dev.gyre.data.label.NewLabelTask;
import dev.gyre.data.profile.DatasetProfile;
import dev.gyre.data.profile.Profiler;
import dev.gyre.data.split.SplitResult;
import dev.gyre.data.split.SplitSpec;
import dev.gyre.data.split.SplitSummary;
import dev.gyre.data.split.Splitter;
import dev.gyre.data.version.CreatedVersion;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.NewVersion;
import dev.gyre.data.version.ReadGrant;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.data.version.SplitRole;
import dev.gyre.data.version.VersionKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The steps that make new versions from a version, each recorded with the source as parent and the step's
 * name: {@code clean} (declarative cleaning), {@code split} (train/validation/test, the test split sealed)
 * and {@code label} (finished labelling tasks). Each loads the source table into memory (up to the
 * service's row limit), reads it as exploration — so a sealed test split is never a source — and writes
 * its result as CSV with every column's type recorded.
 */
public final class DataSteps {

    private final DataService data;
    private final LabelService labels;

    public DataSteps(DataService data, LabelService labels) {
        this.data = Objects.requireNonNull(data, "data");
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    /** A cleaned version and what each step did. */
    public record Cleaned(CreatedVersion version, List<StepLog> log) {
    }

    /**
     * Cleans a version with a YAML spec into a new version of {@code targetName} (default: the same data set).
     *
     * @throws GyreException.InvalidArgument for a bad spec (naming the step and field) or a step that fails
     */
    public Cleaned clean(String project, String ref, String specYaml, String targetName, User actor) {
        var spec = new CleanSpecParser().parse(specYaml);
        data.require(project, actor, Permission.WRITE_DATA);
        DataVersion source = read(project, ref, actor);
        Table table = load(source);
        CleanResult result = new Cleaner().clean(table, spec);
        String target = targetName == null || targetName.isBlank() ? source.dataSetName() : targetName;
        // the spec itself is kept as a blob and named in the new version's source, so the step can be read and re-run
        byte[] specBytes = specYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String specSha = sha256(specBytes);
        data.blobs().put(specSha, new java.io.ByteArrayInputStream(specBytes), specBytes.length);
        return new Cleaned(write(project, target, result.table(), source, "clean", null, "clean_spec=sha256:" + specSha, actor),
                result.log());
    }

    /** The versions a split made, and what it did. */
    public record Split(CreatedVersion train, CreatedVersion validation, CreatedVersion test, SplitSummary summary) {
    }

    /**
     * Splits a version into versions of {@code NAME-train}, {@code NAME-validation} (when asked for) and
     * {@code NAME-test}, with their split roles: the test version is sealed from training from then on.
     */
    public Split split(String project, String ref, SplitSpec spec, User actor) {
        data.require(project, actor, Permission.WRITE_DATA);
        DataVersion source = read(project, ref, actor);
        Table table = load(source);
        SplitResult result = new Splitter().split(table, spec);
        String base = source.dataSetName();
        String recorded = "split=" + spec.method().wireName() + (spec.column() == null ? "" : "&column=" + spec.column())
                + "&train=" + spec.train() + "&validation=" + spec.validation() + "&test=" + spec.test() + "&seed=" + spec.seed();
        CreatedVersion train = write(project, base + "-train", result.trainOf(table), source, "split", SplitRole.TRAIN,
                recorded, actor);
        CreatedVersion validation = spec.hasValidation()
                ? write(project, base + "-validation", result.validationOf(table), source, "split", SplitRole.VALIDATION,
                recorded, actor)
                : null;
        CreatedVersion test = write(project, base + "-test", result.testOf(table), source, "split", SplitRole.TEST, recorded,
                actor);
        return new Split(train, validation, test, result.summary());
    }

    /**
     * Starts a labelling task over rows of a version ({@code rows} null: all of them).
     *
     * @throws GyreException.InvalidArgument for a version that is not a table, or rows outside it
     */
    public LabelTask createTask(String project, String ref, String name, String labelColumn, List<String> allowed,
                                List<Integer> rows, Integer annotatorsPerItem, String instructions,
                                Map<Integer, dev.gyre.data.label.Prediction> predictions, User actor) {
        data.require(project, actor, Permission.WRITE_DATA);
        DataVersion source = read(project, ref, actor);
        if (source.rowCount() == null) {
            throw new GyreException.InvalidArgument(source.ref() + " is not a table; label tasks are over the rows of a"
                    + " csv, jsonl or parquet version.");
        }
        long rowCount = source.rowCount();
        NewLabelTask task;
        if (rows == null) {
            if (rowCount > Integer.MAX_VALUE) {
                throw new GyreException.InvalidArgument(source.ref() + " has too many rows for one task; name the rows.");
            }
            task = NewLabelTask.forRowCount(name, source.id(), labelColumn, allowed, (int) rowCount);
        } else {
            for (Integer row : rows) {
                if (row == null || row < 0 || row >= rowCount) {
                    throw new GyreException.InvalidArgument("Row " + row + " is outside " + source.ref() + ", which has rows 0 to "
                            + (rowCount - 1) + ".");
                }
            }
            task = NewLabelTask.forRows(name, source.id(), labelColumn, allowed, rows);
        }
        if (annotatorsPerItem != null) {
            task = task.withAnnotatorsPerItem(annotatorsPerItem);
        }
        if (instructions != null) {
            task = task.withInstructions(instructions);
        }
        if (predictions != null && !predictions.isEmpty()) {
            task = task.withPredictions(predictions);
        }
        return labels.createTask(project, task, actor);
    }

    /**
     * Turns a task's final labels into a new version: the source rows with the label column set (rows without
     * a final label are missing), step {@code label}, parent the source.
     */
    public CreatedVersion finishTask(String project, LabelTask task, String targetName, User actor) {
        data.require(project, actor, Permission.WRITE_DATA);
        DataVersion source = data.versionService().version(task.versionId(), actor);
        Table table = load(read(project, source.ref().toString(), actor));
        Table labelled = LabelService.applyLabels(table, labels.finalLabels(task.id()), task.labelColumn());
        String target = targetName == null || targetName.isBlank() ? source.dataSetName() : targetName;
        return write(project, target, labelled, source, "label", null, "label_task=" + task.id(), actor);
    }

    /**
     * The values of some rows of a task's version, for annotators to see (an exploration read: never a sealed
     * test split). Rows outside the version are left out.
     */
    public Map<Integer, Map<String, Object>> rows(String project, LabelTask task, List<Integer> rows, User actor) {
        DataVersion source = data.versionService().version(task.versionId(), actor);
        Table table = load(read(project, source.ref().toString(), actor));
        Map<Integer, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (Integer row : rows) {
            if (row != null && row >= 0 && row < table.rowCount()) {
                out.put(row, table.row(row));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private DataVersion read(String project, String ref, User actor) {
        ReadGrant grant = data.versionService().openForRead(project, ref, ReadPurpose.EXPLORATION, actor);
        DataVersion version = grant.version();
        if (version.kind() != VersionKind.FILE || version.schemaJson() == null) {
            throw new GyreException.InvalidArgument(version.ref() + " is not a table (csv, jsonl or parquet); this step"
                    + " works on tables.");
        }
        return version;
    }

    private Table load(DataVersion version) {
        StoredFormat stored = StoredFormat.parse(version.schemaJson());
        TableStream stream = data.io().open(version.sha256(), stored.format(), stored.readOptions(), version.ref().toString());
        return data.io().readAll(stream, version.ref().toString());
    }

    /**
     * Writes a derived version. Its source URI is {@code gyre:PARENT@N?how}, where {@code how} records the step's
     * settings (the split's method, fractions and seed; the cleaning spec's blob; the label task).
     */
    private CreatedVersion write(String project, String name, Table table, DataVersion parent, String step,
                                 SplitRole role, String how, User actor) {
        TableIo.Written written = data.io().writeCsv(table);
        DatasetProfile profile = Profiler.of(table);
        IngestOptions options = IngestOptions.defaults().withDelimiter(',');
        NewVersion spec = NewVersion.file(written.sha256(), written.size(), IngestFormat.CSV.wireName())
                .withSchemaJson(new StoredFormat(IngestFormat.CSV, table.schema(), options).toJson())
                .withProfileJson(profile.toJson())
                .withRowCount((long) table.rowCount())
                .withStep(step)
                .withParents(parent.id())
                .withSourceUri("gyre:" + parent.ref() + "?" + how);
        if (role != null) {
            spec = spec.withSplitRole(role);
        }
        return data.versionService().createVersion(project, name, spec, actor);
    }
}
