package dev.gyre.server.pipelines.stages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.core.table.Table;
import dev.gyre.data.service.DataService;
import dev.gyre.data.service.DataSteps;
import dev.gyre.data.split.SplitMethod;
import dev.gyre.data.split.SplitSpec;
import dev.gyre.data.version.BlobStore;
import dev.gyre.data.version.CreatedVersion;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.data.version.VersionKind;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpec;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.monitoring.alert.AlertEvaluator;
import dev.gyre.pipelines.StepDescription;
import dev.gyre.pipelines.StepHandler;
import dev.gyre.pipelines.StepKind;
import dev.gyre.pipelines.StepResult;
import dev.gyre.server.monitoring.MonitoringService;
import dev.gyre.server.serving.DeploymentManager;
import dev.gyre.server.training.TrainingJobRecord;
import dev.gyre.server.training.TrainingStarter;
import dev.gyre.server.validation.ValidationRunner;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.tracking.Metric;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.registry.ModelVersion;
import dev.gyre.tracking.registry.PromotionRequest;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.training.job.TrainingOutcome;
import dev.gyre.training.search.TrialResult;
import dev.gyre.validation.ChampionReport;
import dev.gyre.validation.GateResult;
import dev.gyre.validation.GateStatus;
import dev.gyre.validation.HoldoutReport;
import dev.gyre.validation.ValidationOptions;
import dev.gyre.validation.ValidationReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stage handlers: one per {@link StepKind}, each doing through the platform's services what the matching API
 * route does, as the run's actor in the run's project (so the services' permission checks apply). Each reads its
 * params and the upstream outputs ({@code <step id>.<output name>}), and answers the ids of what it made (data
 * versions {@code NAME@N}, model versions {@code NAME/N}), the results its checkpoint reads and log lines. A
 * user's mistake is a {@link GyreException.InvalidArgument} saying how to fix it. See docs/pipelines.md, "Stage
 * steps".
 */
public final class Stages {

    /** Where feature specs of {@code features} steps are kept, by the SHA-256 of their canonical JSON. */
    static final String FEATURES_ROOT = "pipelines/features/";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})([smhd])");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StageServices services;
    private final StageRunContexts contexts;

    private Stages(StageServices services, StageRunContexts contexts) {
        this.services = services;
        this.contexts = contexts;
    }

    /** One handler per {@link StepKind} (all eleven). */
    public static Map<StepKind, StepHandler> handlers(StageServices services, StageRunContexts contexts) {
        Stages s = new Stages(services, contexts);
        Map<StepKind, StepHandler> out = new EnumMap<>(StepKind.class);
        out.put(StepKind.INGEST, s::ingest);
        out.put(StepKind.VALIDATE_DATA, s::validateData);
        out.put(StepKind.CLEAN, s::clean);
        out.put(StepKind.SPLIT, s::split);
        out.put(StepKind.FEATURES, s::features);
        out.put(StepKind.TRAIN, s::train);
        out.put(StepKind.VALIDATE_MODEL, s::validateModel);
        out.put(StepKind.REGISTER, s::register);
        out.put(StepKind.PROMOTE, s::promote);
        out.put(StepKind.DEPLOY, s::deploy);
        out.put(StepKind.MONITOR, s::monitor);
        return Map.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------------ data

    private StepResult ingest(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        DataService data = services.data();
        String source = p.required("source", "blob:<sha256 of an uploaded file> or data:passengers@1");
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> logs = new ArrayList<>();
        DataVersion version;
        if (source.startsWith("data:")) {
            version = data.version(ctx.project(), source.substring("data:".length()).strip(), ctx.actor());
            logs.add("Using the existing version " + version.ref() + " (" + rows(version) + " rows).");
        } else if (source.startsWith("blob:")) {
            String name = p.required("dataset", "passengers");
            String sha = source.substring("blob:".length()).strip().toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha).matches()) {
                throw p.invalid("source", "'" + source + "' does not name a blob; write blob:<64 hex digits of the"
                        + " file's SHA-256>, after uploading it (PUT …/data/blobs/{sha256})");
            }
            if (!data.missingBlobs(ctx.project(), List.of(sha), ctx.actor()).isEmpty()) {
                throw p.invalid("source", "names blob " + sha + ", which is not uploaded; upload the file first (PUT"
                        + " /api/v1/projects/" + ctx.project() + "/data/blobs/" + sha + "; `gyre pipeline run` does it"
                        + " for a local file path)");
            }
            long size = new BlobStore(services.artifacts()).size(sha).orElse(0L);
            String format = p.text("format") == null ? "csv" : p.text("format");
            CreatedVersion created = data.add(ctx.project(), name, new DataService.AddRequest(VersionKind.FILE, sha,
                    size, format, "blob:" + sha, List.of(), "ingest", null), ctx.actor());
            version = created.version();
            logs.add((created.created() ? "Added " : "The data set already had this content: ") + version.ref()
                    + " (" + rows(version) + " rows).");
        } else {
            throw p.invalid("source", "'" + source + "' is neither blob:<sha256> (an uploaded file) nor data:NAME@N (an"
                    + " existing version); a local path is uploaded and rewritten by `gyre pipeline run`");
        }
        int feedbackRows = 0;
        int feedbackDuplicates = 0;
        String deployment = p.text("feedback_from");
        if (deployment != null) {
            Appended appended = appendFeedback(p, ctx, version, deployment, p.text("dataset"));
            version = appended.version();
            feedbackRows = appended.rows();
            feedbackDuplicates = appended.duplicates();
            logs.add(appended.log());
        }
        results.put("rows", rows(version));
        results.put("feedback_rows", feedbackRows);
        results.put("feedback_duplicates", feedbackDuplicates);
        return StepResult.succeeded(Map.of("dataset", version.ref().toString()), results, logs);
    }

    /** @param duplicates labelled predictions left out because the source already has them */
    private record Appended(DataVersion version, int rows, int duplicates, String log) {
    }

    /** The source's rows and the deployment's labelled predictions, as a new version (the source when none). */
    private Appended appendFeedback(StepParams p, StageRunContext ctx, DataVersion source, String deployment,
                                    String name) {
        DeploymentManager.checkName(deployment);
        String model = services.deployments().get(deployment).state().target().model();
        Project project = modelProject(model, ctx.actor(), Permission.READ);
        if (!project.name().equals(ctx.project())) {
            throw p.invalid("feedback_from", "names deployment '" + deployment + "' of project '" + project.name()
                    + "', not of '" + ctx.project() + "'; name a deployment of this project");
        }
        String target = services.projects().charter(ctx.project()).map(c -> c.charter().targetColumn())
                .orElseThrow(() -> p.invalid("feedback_from", "needs the project's charter, whose target column the"
                        + " labels go to; set the charter first"));
        if (!"csv".equalsIgnoreCase(source.format())) {
            throw p.invalid("feedback_from", "appends rows to a CSV data set, and " + source.ref() + " is "
                    + source.format() + "; ingest a CSV source");
        }
        Instant until = services.clock().instant();
        String untilText = p.text("feedback_until");
        if (untilText != null) {
            try {
                until = Instant.parse(untilText);
            } catch (java.time.format.DateTimeParseException e) {
                throw p.invalid("feedback_until", "'" + untilText + "' is not an ISO-8601 instant such as"
                        + " 2026-11-29T10:00:00Z");
            }
        }
        byte[] bytes;
        try (InputStream in = services.data().open(ctx.project(), source.ref().toString(), ReadPurpose.EXPLORATION,
                null, ctx.actor()).body()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        FeedbackRows.Source parsed = FeedbackRows.read(bytes, source.ref().toString());
        FeedbackRows.Found found = FeedbackRows.of(services.feedback(), services.artifacts(),
                services.deployments().engine().log().options().directory(), deployment, until, parsed.header(),
                target);
        List<List<String>> fresh = FeedbackRows.notIn(parsed.rows(), found.rows());
        int duplicates = found.rows().size() - fresh.size();
        String summary = found.labelled() + " labelled prediction" + (found.labelled() == 1 ? "" : "s") + " of '"
                + deployment + "', " + found.rows().size() + " with inputs in the prediction log"
                + (found.withoutInputs() == 0 ? "" : " (" + found.withoutInputs() + " no longer logged)")
                + (duplicates == 0 ? "" : ", " + duplicates + " already in " + source.ref() + " (same inputs and"
                + " label)");
        if (fresh.isEmpty()) {
            return new Appended(source, 0, duplicates, summary + "; nothing to append to " + source.ref() + ".");
        }
        StringBuilder out = new StringBuilder(text);
        if (!text.endsWith("\n")) {
            out.append(newline);
        }
        for (List<String> row : fresh) {
            out.append(FeedbackRows.line(row, ',')).append(newline);
        }
        byte[] appended = out.toString().getBytes(StandardCharsets.UTF_8);
        String sha = sha256(appended);
        services.data().putBlob(ctx.project(), sha, new ByteArrayInputStream(appended), appended.length, ctx.actor());
        CreatedVersion created = services.data().add(ctx.project(), name == null ? source.dataSetName() : name,
                new DataService.AddRequest(VersionKind.FILE, sha, appended.length, "csv", "gyre:" + source.ref()
                        + "?feedback_from=" + deployment, List.of(source.ref().toString()), "ingest", null),
                ctx.actor());
        return new Appended(created.version(), fresh.size(), duplicates, summary + "; appended to " + source.ref()
                + " as " + created.version().ref() + ".");
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private StepResult validateData(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        String ref = p.upstream("dataset", "dataset");
        String suite = p.text("suite");
        if (suite == null) {
            throw p.invalid("suite", "is missing: give the expectation suite (YAML text, or a .yaml file next to the"
                    + " spec). Start from the suggested one, reviewed: gyre data suggest " + ref);
        }
        dev.gyre.data.validate.ValidationReport report = services.data().validate(ctx.project(), ref, suite, ctx.actor());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("success", report.success());
        r.put("failed", report.failed());
        r.put("successful", report.successful());
        r.put("rows", report.rowCount());
        return StepResult.succeeded(Map.of("dataset", ref), Map.of("report", r), List.of("Validated " + ref + ": "
                + report.successful() + " expectations met, " + report.failed() + " failed."));
    }

    private StepResult clean(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        String ref = p.upstream("dataset", "dataset");
        String spec = p.required("spec", "\"steps: [{filter: 'Embarked is not null'}]\" or clean.yaml");
        DataSteps.Cleaned cleaned = services.dataSteps().clean(ctx.project(), ref, spec, p.text("name"), ctx.actor());
        DataVersion v = cleaned.version().version();
        List<String> logs = new ArrayList<>();
        cleaned.log().forEach(l -> logs.add(l.kind() + ": " + l.summary()));
        logs.add("Cleaned " + ref + " into " + v.ref() + " (" + rows(v) + " rows).");
        return StepResult.succeeded(Map.of("dataset", v.ref().toString()), Map.of("rows", rows(v)), logs);
    }

    private StepResult split(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        String ref = p.upstream("dataset", "dataset");
        Double train = p.number("train");
        Double test = p.number("test");
        if (train == null || test == null) {
            throw p.invalid(train == null ? "train" : "test", "is missing: give the fractions of rows, e.g. train: 0.8,"
                    + " test: 0.2 (and optionally validation)");
        }
        double validation = p.number("validation") == null ? 0 : p.number("validation");
        long seed = p.integer("seed") == null ? 42 : p.integer("seed");
        SplitMethod method = p.text("method") == null ? SplitMethod.RANDOM : SplitMethod.parse(p.text("method"));
        SplitSpec spec = switch (method) {
            case RANDOM -> SplitSpec.random(train, validation, test, seed);
            case STRATIFIED -> SplitSpec.stratified(train, validation, test, seed, p.text("column"));
            case TIME -> SplitSpec.time(train, validation, test, p.text("column"));
            case HASH -> SplitSpec.hash(train, validation, test, seed, p.text("column"));
        };
        DataSteps.Split split = services.dataSteps().split(ctx.project(), ref, spec, ctx.actor());
        Map<String, String> outputs = new LinkedHashMap<>();
        Map<String, Object> rows = new LinkedHashMap<>();
        outputs.put("train", split.train().version().ref().toString());
        rows.put("train", rows(split.train().version()));
        if (split.validation() != null) {
            outputs.put("validation", split.validation().version().ref().toString());
            rows.put("validation", rows(split.validation().version()));
        }
        outputs.put("test", split.test().version().ref().toString());
        rows.put("test", rows(split.test().version()));
        return StepResult.succeeded(outputs, Map.of("rows", rows), List.of("Split " + ref + " (" + method.name()
                .toLowerCase(Locale.ROOT) + ") into " + String.join(", ", outputs.values()) + "; the test split is sealed."));
    }

    // ------------------------------------------------------------------------------------------------ model

    private StepResult features(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        String train = p.upstream("train", "train");
        Object raw = p.raw("spec");
        if (raw == null) {
            throw p.invalid("spec", "is missing: give the feature section (derive, columns, drop) as YAML text or a map");
        }
        String text = raw instanceof String s ? s : json(raw);
        FeatureSpec spec = new FeatureSpecParser().parse(text);
        String canonical = spec.canonicalJson();
        FeatureSpec fitting = spec;
        if (spec.target().isEmpty()) {
            String target = services.projects().charter(ctx.project()).map(c -> c.charter().targetColumn()).orElse(null);
            if (target != null) {
                fitting = new FeatureSpec(target, spec.derive(), spec.columns(), spec.drop());
            }
        }
        Table table = services.data().readTable(ctx.project(), train, ReadPurpose.FEATURE_FITTING, ctx.actor());
        FittedFeatures fitted = FeaturePipeline.fit(new TrainingData(table, TrainingData.SplitRole.TRAIN), fitting);
        String id = "features-" + spec.sha256().substring(0, 16);
        services.artifacts().put(ArtifactPath.of(FEATURES_ROOT + id + ".json"),
                new ByteArrayInputStream(canonical.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("columns", fitted.featureCount());
        results.put("derived", spec.derivedNames());
        results.put("inputs", fitted.inputs().size());
        return StepResult.succeeded(Map.of("features", id), results, List.of(
                "Fitted the features on " + train + " (train split only): " + fitted.featureCount() + " columns from "
                        + fitted.inputs().size() + " inputs; derived " + spec.derivedNames() + "."));
    }

    private StepResult train(StepDescription step) throws InterruptedException {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        String train = p.upstream("train", "data");
        Object rawSpec = p.raw("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = rawSpec instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                : yamlMap(p.required("spec", "train.yaml (the training spec)"), p);
        List<String> logs = new ArrayList<>();
        var features = p.lastInput("features");
        if (features.isPresent() && !spec.containsKey("features")) {
            spec.put("features", featureSpec(features.get(), p));
            logs.add("Using the features of the earlier features step (" + features.get() + ").");
        }
        Integer maxTrials = p.integer("max_trials");
        if (maxTrials != null) {
            if (maxTrials < 1) {
                throw p.invalid("max_trials", "must be at least 1, got " + maxTrials);
            }
            Object search = spec.computeIfAbsent("search", k -> new LinkedHashMap<String, Object>());
            if (!(search instanceof Map)) {
                throw p.invalid("spec", "has a 'search' that is not a map; write search: {max_trials: 12, seed: 42}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) search;
            s.put("max_trials", maxTrials);
        }
        TrainingJobRecord job = services.training().start(ctx.project(), new TrainingStarter.Request(json(spec), train,
                null, p.text("register")), ctx.actor());
        logs.add("Training job " + job.id() + " on " + train + ".");
        try {
            job.done().get();
        } catch (ExecutionException e) {
            throw new GyreException.Internal("Training job '" + job.id() + "' ended unexpectedly.", e.getCause());
        }
        if (job.error() != null) {
            throw job.error();
        }
        TrainingOutcome outcome = job.outcome();
        if (outcome == null || outcome.search().cancelled()) {
            throw new GyreException.Conflict("Training job '" + job.id() + "' was cancelled; run the step again.");
        }
        TrialResult best = outcome.bestTrial().orElseThrow(() -> new GyreException.InvalidArgument("No trial of"
                + " training job '" + job.id() + "' succeeded; see its trials (GET …/training-jobs/" + job.id()
                + ") and fix the spec."));
        String metric = outcome.search().metric().wireName();
        Map<String, Object> metrics = new LinkedHashMap<>();
        TrainingJobRecord.Registered registered = job.registeredVersion();
        if (registered != null && registered.runId() != null) {
            for (Metric m : services.tracking().getRun(registered.runId()).data().metrics()) {
                if (Double.isFinite(m.value())) {
                    metrics.put(m.key(), m.value());
                }
            }
        }
        metrics.put(metric, best.mean());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("metrics", metrics);
        results.put("trials", outcome.leaderboard().size());
        results.put("best", Map.of("algorithm", best.candidate().algorithm(), "number", best.number()));
        Map<String, String> outputs = new LinkedHashMap<>();
        if (registered != null) {
            outputs.put("model_version", registered.name() + "/" + registered.version());
            outputs.put("run", registered.runId());
        } else {
            outputs.put("run", outcome.parentRunId());
        }
        logs.add(outcome.leaderboard().size() + " trials; best " + best.candidate().algorithm() + " with " + metric
                + " = " + String.format(Locale.ROOT, "%.4f", best.mean())
                + (registered == null ? "" : "; registered " + registered.name() + " version " + registered.version()) + ".");
        return StepResult.succeeded(outputs, results, logs);
    }

    private StepResult validateModel(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        ModelRef model = ModelRef.parse(p.upstream("model_version", "model_version"), p);
        Project project = modelProject(model.name(), ctx.actor(), Permission.WRITE_TRACKING);
        String test = p.text("test") != null ? p.text("test") : p.lastInput("test").orElse(null);
        String alias = p.text("champion_alias") != null ? p.text("champion_alias") : project.productionAlias();
        ValidationOptions options = ValidationOptions.defaults();
        if (p.integer("seed") != null) {
            options = options.withSeed(p.integer("seed"));
        }
        if (p.integer("bootstrap_resamples") != null) {
            options = options.withBootstrap(p.integer("bootstrap_resamples"), options.bootstrapLevel());
        }
        ValidationRunner.Outcome outcome = services.validation().validate(model.name(), model.version(),
                new ValidationRunner.Request(test, null, alias, options), ctx.actor());
        ValidationReport report = outcome.report();
        Map<String, Object> gates = new LinkedHashMap<>();
        gates.put("passed", report.passed());
        gates.put("blocking_failures", report.blockingFailures());
        for (GateResult g : report.gates()) {
            gates.put(g.name(), g.status().wireName());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (HoldoutReport.NamedMetric m : report.holdout().metrics()) {
            if (m.value().isApplicable()) {
                metrics.put(m.name(), m.value().get());
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("gates", gates);
        results.put("metrics", metrics);
        results.put("overfitting_gap", report.overfitting().gap().isApplicable() ? report.overfitting().gap().get() : null);
        if (report.fairness() != null && report.fairness().policy() != null) {
            results.put("fairness", Map.of("status", report.fairness().policy().status().wireName()));
        }
        ChampionReport champion = report.champion();
        Map<String, Object> championResults = new LinkedHashMap<>();
        try {
            ModelVersion holder = services.registry().getModelVersionByAlias(model.name(), alias);
            if (holder.version() != model.version()) {
                championResults.put("version", holder.version());
            }
        } catch (GyreException.NotFound none) {
            // no champion
        }
        Map<String, Object> championMetrics = new LinkedHashMap<>();
        if (champion != null) {
            for (ChampionReport.Check c : champion.checks()) {
                if (c.champion() != null && c.champion().isApplicable()) {
                    championMetrics.put(c.metric(), c.champion().get());
                }
            }
        }
        if (!championResults.isEmpty()) {
            championResults.put("metrics", championMetrics);
            results.put("champion", championResults);
        }
        results.put("beats_champion", champion == null || champion.status() != GateStatus.FAILED);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("model_version", model.toString());
        outputs.put("model_card", "/api/v1/models/" + model.name() + "/versions/" + model.version() + "/card");
        return StepResult.succeeded(outputs, results, List.of("Validated " + model + " on " + outcome.test() + ": "
                + (report.passed() ? "every blocking gate passed" : "blocking gates failed: " + report.blockingFailures())
                + (outcome.champion() == null ? "; no champion" : "; against " + outcome.champion()) + "."));
    }

    private StepResult register(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        ModelRef model = ModelRef.parse(p.upstream("model_version", "model_version"), p);
        Project project = modelProject(model.name(), ctx.actor(), Permission.WRITE_TRACKING);
        String alias = p.text("alias") == null ? "staging" : p.text("alias");
        if (alias.equalsIgnoreCase(project.productionAlias())) {
            throw p.invalid("alias", "is the production alias '" + project.productionAlias() + "', which only an"
                    + " approved promotion sets; use a promote step for it");
        }
        services.registry().setAlias(model.name(), alias, model.version(), ctx.actor(), project.productionAlias());
        return StepResult.succeeded(Map.of("model_version", model.toString()), Map.of("alias", alias),
                List.of("Alias '" + alias + "' of " + model.name() + " now names version " + model.version() + "."));
    }

    private StepResult promote(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        ModelRef model = ModelRef.parse(p.upstream("model_version", "model_version"), p);
        Project project = modelProject(model.name(), ctx.actor(), Permission.WRITE_TRACKING);
        String alias = p.text("alias") == null ? project.productionAlias() : p.text("alias");
        Map<String, Object> promotion = new LinkedHashMap<>();
        String log;
        if (aliasVersion(model.name(), alias) == model.version()) {
            promotion.put("status", "approved");
            log = "Alias '" + alias + "' already names " + model + ".";
        } else if (!alias.equalsIgnoreCase(project.productionAlias())) {
            services.registry().setAlias(model.name(), alias, model.version(), ctx.actor(), project.productionAlias());
            promotion.put("status", "approved");
            log = "Alias '" + alias + "' is not the production alias; set it to " + model + " directly.";
        } else {
            PromotionRequest request = services.registry().requestPromotion(model.name(), model.version(), alias,
                    "pipeline run " + step.runId() + ", step '" + step.stepId() + "'", ctx.actor());
            promotion.put("status", request.status().name().toLowerCase(Locale.ROOT));
            promotion.put("id", request.id());
            log = "Requested promotion " + request.id() + " of " + model + " to '" + alias + "'; a second person with"
                    + " an approving role approves it (POST /api/v1/promotions/" + request.id() + "/approve).";
        }
        promotion.put("alias", alias);
        return StepResult.succeeded(Map.of("model_version", model.toString()), Map.of("promotion", promotion),
                List.of(log));
    }

    // ------------------------------------------------------------------------------------------------ operations

    private StepResult deploy(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        ModelRef model = ModelRef.parse(p.upstream("model_version", "model_version"), p);
        String name = p.required("deployment", "titanic");
        DeploymentManager.checkName(name);
        Integer canary = p.integer("canary_percent");
        if (canary != null && (canary < 1 || canary > 99)) {
            throw p.invalid("canary_percent", "must be between 1 and 99, got " + canary);
        }
        User actor = ctx.actor();
        if (!actor.role().grants(Permission.DEPLOY)) {
            throw new GyreException.PermissionDenied("User '" + actor.username() + "' may not deploy (platform role "
                    + actor.role().wireName() + "); run the pipeline as an ml-engineer or ops member, or ask an admin.");
        }
        modelProject(model.name(), actor, Permission.READ);
        DeploymentManager manager = services.deployments();
        DeploymentManager.Status status;
        String log;
        boolean exists;
        try {
            manager.get(name);
            exists = true;
        } catch (GyreException.NotFound none) {
            exists = false;
        }
        if (!exists) {
            status = manager.create(name, DeploymentTarget.version(model.name(), model.version()), null, null, null, actor);
            log = "Deployed " + model + " as '" + name + "'.";
        } else {
            String deployed = manager.get(name).state().target().model();
            if (!deployed.equals(model.name())) {
                throw p.invalid("deployment", "names '" + name + "', which serves model '" + deployed + "', not '"
                        + model.name() + "'; name another deployment");
            }
            if (canary != null) {
                status = manager.change(name, "deployment.set_canary", actor,
                        d -> d.setCanary(name, model.version(), canary));
                log = "Deployment '" + name + "' sends " + canary + "% of requests to " + model + " (canary).";
            } else {
                status = manager.change(name, "deployment.retarget", actor, d -> d.retarget(name, model.version()));
                log = "Deployment '" + name + "' now serves " + model + ".";
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("serving", status.live() != null);
        results.put("version", status.state().primaryVersion());
        return StepResult.succeeded(Map.of("deployment", name), Map.of("deployment", results), List.of(log));
    }

    private StepResult monitor(StepDescription step) {
        StepParams p = new StepParams(step);
        StageRunContext ctx = contexts.of(step.runId());
        String name = p.upstream("deployment", "deployment");
        Duration window = window(p.text("window") == null ? "1h" : p.text("window"), p);
        var state = services.deployments().get(name).state();
        String model = state.target().model();
        modelProject(model, ctx.actor(), Permission.READ);
        String version = Integer.toString(state.primaryVersion());
        Instant now = services.clock().instant();
        MonitoringService.Drift drift = services.monitoring().monitoring().drift(name, model, version,
                now.minus(window), now.plusMillis(1));
        long firing = services.monitoring().alerts().states().stream()
                .filter(s -> s.deployment().equals(name) && s.status() == AlertEvaluator.Status.FIRING).count();
        Map<String, Object> driftResults = new LinkedHashMap<>();
        driftResults.put("share", drift.share());
        driftResults.put("detected", drift.inputs() != null && drift.inputs().datasetDrift());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("drift", driftResults);
        results.put("alerts", Map.of("firing", firing));
        results.put("rows", drift.window().rows());
        return StepResult.succeeded(Map.of("deployment", name), results, List.of("Deployment '" + name + "' (" + model
                + " version " + version + ") over the last " + window.toMinutes() + " min: " + drift.window().rows()
                + " predictions, drift share " + drift.share() + ", " + firing + " alert" + (firing == 1 ? "" : "s")
                + " firing" + (drift.note() == null ? "" : " (" + drift.note() + ")") + "."));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A model version named {@code NAME/N}. */
    record ModelRef(String name, int version) {
        static ModelRef parse(String text, StepParams p) {
            int slash = text.lastIndexOf('/');
            if (slash > 0) {
                try {
                    int version = Integer.parseInt(text.substring(slash + 1));
                    if (version > 0) {
                        return new ModelRef(text.substring(0, slash), version);
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
            }
            throw p.invalid("model_version", "'" + text + "' is not a model version; write NAME/N, e.g. titanic/3");
        }

        @Override
        public String toString() {
            return name + "/" + version;
        }
    }

    /** The model's project, the actor holding {@code permission} in it. */
    private Project modelProject(String model, User actor, Permission permission) {
        RegisteredModel registered = services.registry().getRegisteredModel(model);
        if (registered.projectId() == null) {
            throw new GyreException.InvalidArgument("Model '" + model + "' belongs to no project; a pipeline works on"
                    + " the models of its project.");
        }
        Project project = services.projects().get(registered.projectId());
        services.projects().requireRole(project, actor, permission);
        return project;
    }

    private int aliasVersion(String model, String alias) {
        try {
            return services.registry().getModelVersionByAlias(model, alias).version();
        } catch (GyreException.NotFound none) {
            return -1;
        }
    }

    private Map<String, Object> featureSpec(String id, StepParams p) {
        ArtifactPath path = ArtifactPath.of(FEATURES_ROOT + id + ".json");
        if (!id.matches("features-[0-9a-f]{16}") || services.artifacts().head(path).isEmpty()) {
            throw new GyreException.NotFound("The features '" + id + "' of an earlier step are not stored; run the"
                    + " features step again (change a param of it, or start a run with another code version).");
        }
        String text;
        try (InputStream in = services.artifacts().get(path, true)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the id is the content's hash: a file changed since the features step wrote it is not used
        if (!("features-" + new FeatureSpecParser().parse(text).sha256().substring(0, 16)).equals(id)) {
            throw new GyreException.Conflict("The stored features '" + id + "' no longer match their id; run the"
                    + " features step again (change a param of it, or start a run with another code version).");
        }
        return yamlMap(text, p);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlMap(String text, StepParams p) {
        Object parsed;
        try {
            parsed = YAML.readValue(text, Object.class);
        } catch (IOException e) {
            throw p.invalid("spec", "is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(parsed instanceof Map)) {
            throw p.invalid("spec", "must be a YAML map (the training spec)");
        }
        return new LinkedHashMap<>((Map<String, Object>) parsed);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write a spec as JSON.", e);
        }
    }

    private static Duration window(String text, StepParams p) {
        Matcher m = WINDOW.matcher(text.strip());
        if (!m.matches()) {
            throw p.invalid("window", "'" + text + "' is not a span; write e.g. 30m, 1h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static long rows(DataVersion v) {
        return v.rowCount() == null ? 0 : v.rowCount();
    }
}
