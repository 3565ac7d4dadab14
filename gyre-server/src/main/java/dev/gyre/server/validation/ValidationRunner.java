package dev.gyre.server.validation;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.core.auth.User;
import dev.gyre.core.charter.Charter;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.Table;
import dev.gyre.data.service.DataService;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.data.version.SplitRole;
import dev.gyre.features.FittedFeatures;
import dev.gyre.tracking.Metric;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.project.CharterVersion;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.ModelValidation;
import dev.gyre.tracking.registry.ModelVersion;
import dev.gyre.tracking.registry.RegistryService;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import dev.gyre.validation.GateResult;
import dev.gyre.validation.ModelValidator;
import dev.gyre.validation.ReportJson;
import dev.gyre.validation.ValidationOptions;
import dev.gyre.validation.ValidationReport;
import dev.gyre.validation.ValidationRequest;
import dev.gyre.validation.card.CardFacts;
import dev.gyre.validation.explain.FeatureGroups;
import dev.gyre.validation.reference.Reference;
import dev.gyre.validation.reference.ReferenceBuilder;
import dev.gyre.validation.explain.PermutationImportance;
import dev.gyre.validation.explain.Scorer;
import dev.gyre.validation.card.ModelCard;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.ModelPackages;
import dev.gyre.serving.pkg.PackageMetadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates a registered version: reads its model and fitted features from the artifact store, its training split
 * and the sealed test split through the data service (purpose {@link ReadPurpose#VALIDATION}, so each read of the
 * test split is logged), compares with the version holding the champion alias, runs {@link ModelValidator}, stores
 * {@code report.json}, {@code card.md}, {@code card.html} and the monitoring reference ({@code reference/profile.bin},
 * {@code reference/outliers.json}, see {@link ReferenceBuilder}) and the model package ({@code package.zip}, see
 * {@link ModelPackages}) under {@code validations/<model>/<version>/<stamp>/}
 * and records the outcome on the version ({@link RegistryService#recordValidation}).
 *
 * <p>Everything that can be refused is checked before anything is written: no project or charter, unknown data
 * versions, a "test" version that is not a test split, a task or target that does not fit the model.
 */
public final class ValidationRunner {

    /** The model package's file name in a validation's folder. */
    public static final String PACKAGE_FILE = "package.zip";

    /** Where reports live in the artifact store; reserved from the general artifact routes. */
    public static final String ROOT = "validations/";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final RegistryService registry;
    private final ProjectService projects;
    private final DataService data;
    private final TrackingService tracking;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public ValidationRunner(RegistryService registry, ProjectService projects, DataService data,
                            TrackingService tracking, ArtifactStore artifacts, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.data = Objects.requireNonNull(data, "data");
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What to validate against.
     *
     * @param test          the sealed test split, {@code NAME@N}; {@code null} to use the test split cut together with
     *                      the training split
     * @param train         the training split; {@code null} to use the one recorded on the version's run
     * @param championAlias the alias naming the champion; {@code null} for the project's production alias
     * @param options       {@code null} for the defaults
     */
    public record Request(String test, String train, String championAlias, ValidationOptions options) {
    }

    /** The outcome: the recorded validation, the report and where its files are. */
    public record Outcome(ModelValidation validation, ValidationReport report, String reportJson, String folder,
                          String train, String test, String champion) {
    }

    /** Validates {@code name} version {@code version} for {@code actor}, who must be allowed to write to the project. */
    public Outcome validate(String name, int version, Request request, User actor) {
        ModelVersion mv = registry.getModelVersion(name, version);
        Long projectId = registry.getRegisteredModel(name).projectId();
        if (projectId == null) {
            throw new GyreException.InvalidArgument("Model '" + name + "' belongs to no project, so there is no charter"
                    + " to validate it against. Register it in a project (POST /api/v1/models {name, project}).");
        }
        Project project = projects.get(projectId);
        CharterVersion charterVersion = projects.charter(project.name()).orElseThrow(() ->
                new GyreException.InvalidArgument("Project '" + project.name() + "' has no charter; validation judges a"
                        + " model by the charter's success metric, overfitting limit and fairness policy. Set one:"
                        + " gyre project charter " + project.name() + " --set charter.yaml"));
        Charter charter = charterVersion.charter();
        Run run = mv.runId() == null ? null : tracking.getRun(mv.runId());
        String trainRef = request.train() != null && !request.train().isBlank() ? request.train().strip()
                : trainRefOf(run).orElseThrow(() -> new GyreException.InvalidArgument("Version " + version + " of '"
                        + name + "' records no training split; name it with 'train' (e.g. \"passengers-train@1\")."));
        DataVersion train = data.version(project.name(), trainRef, actor);
        DataVersion test = request.test() != null && !request.test().isBlank()
                ? data.version(project.name(), request.test().strip(), actor) : siblingTest(project.name(), train, actor);
        if (test.splitRole() != SplitRole.TEST) {
            throw new GyreException.InvalidArgument("'" + test.ref() + "' is not a test split; validation evaluates on"
                    + " the sealed test split made by `gyre data split`. Name the test split with 'test'.");
        }
        Loaded candidate = load(mv);
        String alias = request.championAlias() != null && !request.championAlias().isBlank()
                ? request.championAlias().strip() : project.productionAlias();
        ValidationRequest.Champion champion = champion(name, version, alias);
        Double cv = run == null ? null : metric(run, charter.successMetric().metric());
        Table trainTable = data.readTable(project.name(), train.ref().toString(), ReadPurpose.VALIDATION, actor);
        Table testTable = data.readTable(project.name(), test.ref().toString(), ReadPurpose.VALIDATION, actor);
        ValidationRequest validationRequest = new ValidationRequest(candidate.model(), candidate.features(), trainTable,
                testTable, charter, cv, champion, request.options());
        ValidationReport report = new ModelValidator().validate(validationRequest);
        report = report.withImportance(importance(candidate, testTable, charter, validationRequest.options().seed()));

        Instant now = clock.instant();
        ArtifactPath folder = ArtifactPath.of(ROOT + name + "/" + version + "/" + STAMP.format(now));
        String json = ReportJson.write(report);
        CardFacts facts = new CardFacts(name, version, project.name(), charter.problemStatement(),
                stringParams(candidate.model().params()), mv.runId(), mv.lineage().gitCommit(),
                List.of(train.ref().toString(), test.ref().toString()), candidate.features().featureNames(),
                candidate.features().specHash(), actor.username(), now);
        ModelCard card = ModelCard.of(report, facts, ExampleExplanations.of(candidate.model(), candidate.features(),
                trainTable, testTable, validationRequest.options().seed()));
        put(folder.resolve("report.json"), json);
        put(folder.resolve("card.md"), card.markdown());
        put(folder.resolve("card.html"), card.html());
        // what monitoring compares production traffic with: a mergeable profile of the training inputs and the
        // model's outputs on them, and an outlier detector fitted on the training rows
        Reference reference = ReferenceBuilder.build(trainTable, candidate.features(), candidate.model());
        reference.artifacts().forEach((file, bytes) -> artifacts.put(folder.resolve(file), new ByteArrayInputStream(bytes)));
        // the model package every runtime reads: model, features, signature, lineage, gates and the reference
        PackageMetadata metadata = PackageMetadata.builder(name, Integer.toString(version)).createdAt(now)
                .lineage(mv.runId(), List.of(train.ref().toString(), test.ref().toString()), mv.lineage().gitCommit())
                .charterMetric(charter.successMetric().toString())
                .validation(new PackageMetadata.ValidationSummary(report.passed(), report.gates().stream()
                        .map(g -> new PackageMetadata.Gate(g.name(), g.status().wireName())).toList()))
                .build(candidate.model(), candidate.features());
        ByteArrayOutputStream pkg = new ByteArrayOutputStream();
        ModelPackages.write(ModelPackage.of(candidate.features(), candidate.model(), metadata, reference), pkg);
        artifacts.put(folder.resolve(PACKAGE_FILE), new ByteArrayInputStream(pkg.toByteArray()));
        List<ModelValidation.Gate> gates = new ArrayList<>();
        for (GateResult g : report.gates()) {
            gates.add(new ModelValidation.Gate(g.name(), g.status().wireName(), g.blocking(),
                    g.message() == null ? "" : g.message()));
        }
        ModelValidation recorded = registry.recordValidation(name, version,
                new ModelValidation.Outcome(gates, report.backTo(), folder.value()), actor);
        return new Outcome(recorded, report, json, folder.value(), train.ref().toString(), test.ref().toString(),
                champion == null ? null : champion.label());
    }

    /** The stored file {@code file} (report.json, card.md, card.html, package.zip) of the version's latest validation. */
    public InputStream latestFile(String name, int version, String file) {
        List<ModelValidation> all = registry.listValidations(name, version);
        if (all.isEmpty() || all.get(0).reportPath() == null) {
            throw new GyreException.NotFound("Version " + version + " of '" + name + "' has not been validated yet."
                    + " Validate it: POST /api/v1/models/" + name + "/versions/" + version + "/validate.");
        }
        return artifacts.get(ArtifactPath.of(all.get(0).reportPath()).resolve(file), true);
    }

    private record Loaded(TrainedModel model, FittedFeatures features) {
    }

    /**
     * Permutation importance on the test split, each raw input column (all its one-hot, hashed and indicator
     * columns together) shuffled 10 times, scored with the charter's success metric when it has a scorer
     * (roc_auc, accuracy, log_loss, rmse, r2), else accuracy or RMSE.
     */
    private static List<dev.gyre.validation.FeatureImportance> importance(Loaded candidate, Table test, Charter charter,
                                                                         long seed) {
        TrainedModel model = candidate.model();
        Column target = test.column(charter.targetColumn());
        Scorer scorer;
        if (model.task() == LearningTask.REGRESSION) {
            double[] y = new double[target.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = ((Number) target.get(i)).doubleValue();
            }
            scorer = "r2".equals(charter.successMetric().metric()) ? Scorer.r2(y) : Scorer.rmse(y);
        } else {
            String[] labels = new String[target.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = label(target.get(i));
            }
            scorer = switch (charter.successMetric().metric()) {
                case "roc_auc" -> Scorer.rocAuc(labels, model.classes());
                case "log_loss" -> Scorer.logLoss(labels, model.classes());
                default -> Scorer.accuracy(labels, model.classes());
            };
        }
        PermutationImportance.Report report = PermutationImportance.compute(model,
                candidate.features().toMatrix(test), scorer,
                FeatureGroups.byInputColumn(candidate.features(), model.featureNames()),
                PermutationImportance.DEFAULT_REPEATS, seed);
        return report.features().stream()
                .map(f -> new dev.gyre.validation.FeatureImportance(f.feature(), f.mean(), f.lower(), f.upper()))
                .toList();
    }

    /** A class label as training wrote it: whole numbers without a fraction ({@code 1}, not {@code 1.0}). */
    private static String label(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    private Loaded load(ModelVersion mv) {
        ArtifactPath dir = ArtifactPath.of(mv.storageLocation());
        byte[] model = read(dir.resolve("model.gyrm"), mv);
        byte[] features = read(dir.resolve("features.json"), mv);
        return new Loaded(ModelReaders.read(model), FittedFeatures.fromJson(new String(features, StandardCharsets.UTF_8)));
    }

    private byte[] read(ArtifactPath path, ModelVersion mv) {
        if (artifacts.head(path).isEmpty()) {
            throw new GyreException.InvalidArgument("Version " + mv.version() + " of '" + mv.name() + "' has no '"
                    + path.value().substring(path.value().lastIndexOf('/') + 1) + "' at its source " + mv.source()
                    + "; only versions registered from a Gyre training run (gyre train --register) can be validated.");
        }
        try (InputStream in = artifacts.get(path, true)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ValidationRequest.Champion champion(String name, int version, String alias) {
        ModelVersion holder;
        try {
            holder = registry.getModelVersionByAlias(name, alias);
        } catch (GyreException.NotFound none) {
            return null;
        }
        if (holder.version() == version) {
            return null;
        }
        Loaded loaded = load(holder);
        return new ValidationRequest.Champion(loaded.model(), loaded.features(),
                name + "@" + alias + " (version " + holder.version() + ")");
    }

    private DataVersion siblingTest(String project, DataVersion train, User actor) {
        String name = train.dataSetName();
        if (train.splitRole() == SplitRole.TRAIN && name.endsWith("-train")) {
            String testName = name.substring(0, name.length() - "-train".length()) + "-test";
            try {
                for (DataVersion candidate : data.versions(project, testName, actor)) {
                    if (candidate.splitRole() == SplitRole.TEST && candidate.parentIds().equals(train.parentIds())) {
                        return candidate;
                    }
                }
            } catch (GyreException.NotFound none) {
                // fall through to the error below
            }
        }
        throw new GyreException.InvalidArgument("No test split was cut together with '" + train.ref() + "'; name the"
                + " sealed test split with 'test' (e.g. \"passengers-test@1\").");
    }

    private Optional<String> trainRefOf(Run run) {
        Run current = run;
        for (int depth = 0; current != null && depth < 2; depth++) {
            Optional<String> tag = tag(current, "gyre.data.train");
            if (tag.isPresent()) {
                return tag;
            }
            Optional<String> parent = tag(current, "mlflow.parentRunId");
            current = parent.isPresent() ? tracking.getRun(parent.get()) : null;
        }
        return Optional.empty();
    }

    private static Optional<String> tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(RunTag::value).findFirst();
    }

    private static Double metric(Run run, String name) {
        return run.data().metrics().stream().filter(m -> m.key().equals(name)).map(Metric::value)
                .filter(Double::isFinite).findFirst().orElse(null);
    }

    private static Map<String, String> stringParams(Map<String, Object> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private void put(ArtifactPath path, String text) {
        artifacts.put(path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
