package dev.gyre.server.serving;

import dev.gyre.core.GyreException;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.serving.deploy.Deployment;
import dev.gyre.serving.deploy.DeploymentResult;
import dev.gyre.serving.deploy.Deployments;
import dev.gyre.serving.deploy.ShadowSink;
import dev.gyre.serving.log.PredictionLog;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.serving.log.RequestSampler;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.InputValidator;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.protocol.Explanation;
import dev.gyre.training.Contributions;
import dev.gyre.serving.protocol.InferenceRequest;
import dev.gyre.serving.protocol.InferenceResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * The prediction path shared by the platform and the standalone server: the named {@link Deployments}, the
 * prediction log and the serving metrics. Every protocol's route decodes its body into an
 * {@link InferenceRequest}, calls {@link #predict}, and encodes the result.
 *
 * <p>When the answering version's package holds a monitoring reference, each logged record (shadow ones too)
 * carries the reference outlier detector's score and flag; only records the log's sampling keeps are scored. A
 * detector that fails leaves the fields out and is counted ({@link #outlierErrors()}); it never fails a request.
 */
public final class ServingEngine implements AutoCloseable {
    private final Deployments deployments;
    private final PredictionLog log;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ServingMetrics metrics;
    private final LongAdder outlierErrors = new LongAdder();

    /**
     * An engine that batches nothing.
     *
     * @param log    where served predictions are logged, or {@code null} to log nothing
     * @param meters where the serving metrics are registered
     * @param clock  the time of each request
     */
    public ServingEngine(PredictionLog log, MeterRegistry meters, Clock clock) {
        this(log, meters, clock, AdaptiveBatcher.Settings.defaults().withMode(AdaptiveBatcher.Mode.OFF));
    }

    /**
     * @param log      where served predictions are logged, or {@code null} to log nothing
     * @param meters   where the serving metrics are registered
     * @param clock    the time of each request
     * @param batching how single-record requests are batched ({@link AdaptiveBatcher.Mode#OFF}: never)
     */
    public ServingEngine(PredictionLog log, MeterRegistry meters, Clock clock, AdaptiveBatcher.Settings batching) {
        this.log = log;
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deployments = new Deployments(this::logShadow, Objects.requireNonNull(batching, "batching"));
        this.metrics = new ServingMetrics(meters, deployments, log, outlierErrors);
    }

    /** One record's outlier check by the package's reference detector. */
    public record OutlierScore(boolean outlier, double score) {
    }

    /** Outlier checks that failed (the record was answered and logged without them). */
    public long outlierErrors() {
        return outlierErrors.sum();
    }

    /**
     * The reference detector's check of one record: empty when the package has no monitoring reference, or when
     * the detector fails (counted in {@link #outlierErrors()}).
     */
    public Optional<OutlierScore> outlier(GyreModel model, Map<String, ?> record) {
        ModelPackage pkg = model.modelPackage();
        if (pkg.reference().isEmpty()) {
            return Optional.empty();
        }
        try {
            var detector = pkg.reference().get().detector();
            double[] row = model.prepare(record).row();
            return Optional.of(new OutlierScore(detector.isOutlier(row), detector.score(row)));
        } catch (RuntimeException e) {
            outlierErrors.increment();
            return Optional.empty();
        }
    }

    /** The checks of every record, in order; empty when the package has no reference (or a check failed). */
    public List<Optional<OutlierScore>> outliers(GyreModel model, List<? extends Map<String, ?>> records) {
        List<Optional<OutlierScore>> out = new ArrayList<>(records.size());
        for (Map<String, ?> record : records) {
            out.add(outlier(model, record));
        }
        return out;
    }

    /** The serving meters ({@link ServingMetrics}), registered in {@link #meters()}. */
    public ServingMetrics metrics() {
        return metrics;
    }

    /**
     * The model a deployment serves for one of its current versions.
     *
     * @throws GyreException.NotFound when there is no such deployment, or the deployment does not serve that
     *                                version now
     */
    public GyreModel model(String deployment, int version) {
        return deployments.model(deployment, version).orElseThrow(() -> new GyreException.NotFound("deployment '"
                + deployment + "' does not serve version " + version + " now; it serves " + servedVersions(deployment)
                + ". Leave the version out to be answered by the deployment's traffic rule."));
    }

    /** The versions that answer a deployment's requests now: the primary, then the canary if any. */
    public List<Integer> servedVersions(String deployment) {
        Deployment d = deployments.get(deployment);
        List<Integer> out = new ArrayList<>();
        out.add(d.primaryVersion());
        d.canary().ifPresent(c -> out.add(c.version()));
        return out;
    }

    /**
     * Answers one request with a given version of a deployment (one it serves now, primary or canary), bypassing
     * the traffic rule; logged like {@link #predict}. No shadow copy is made.
     */
    public DeploymentResult predictVersion(String deployment, int version, InferenceRequest request) {
        if (!servedVersions(deployment).contains(version)) {
            throw new GyreException.NotFound("deployment '" + deployment + "' does not serve version " + version
                    + " now; it serves " + servedVersions(deployment) + ". Leave the version out to be answered by the"
                    + " deployment's traffic rule.");
        }
        long started = System.nanoTime();
        long receivedAt = clock.millis();
        List<Prediction> predictions = deployments.predictVersion(deployment, version, request.records());
        DeploymentResult result = new DeploymentResult(deployment, version, Deployments.toResponse(predictions),
                predictions, false);
        logResult(deployment, request, result, receivedAt, (System.nanoTime() - started) / 1_000, null);
        return result;
    }

    /**
     * Predicts a request like {@link #predict} and explains each record with the exact additive contributions of
     * the model's features (after the feature steps, so one raw input may feed several features). The explained
     * output is the predicted class's score for a classifier with more than two classes, the second (positive)
     * class's score for a binary one, and the value for a regressor, on the model's additive scale.
     *
     * @throws UnsupportedOperationException when the model has no exact contributions
     */
    public Explained explain(String deployment, InferenceRequest request, String stickyValue) {
        DeploymentResult result = predict(deployment, request, stickyValue);
        GyreModel model = result.model() != null ? result.model() : model(deployment, result.version());
        ModelPackage pkg = model.modelPackage();
        InputValidator validator = new InputValidator(pkg.signature());
        List<Explanation> explanations = new ArrayList<>();
        for (int i = 0; i < request.records().size(); i++) {
            double[] row = pkg.features().transformRow(validator.validate(request.records().get(i)).values());
            List<Contributions> all = pkg.model().contributions(row);
            if (all.isEmpty()) {
                throw new UnsupportedOperationException("The model of deployment '" + deployment + "' (version "
                        + result.version() + ", " + pkg.model().algorithm() + ") has no exact feature contributions;"
                        + " explanations are available for linear models and gradient-boosted trees.");
            }
            Contributions chosen = all.get(0);
            String predicted = result.predictions().get(i).predictedClass();
            for (Contributions c : all) {
                if (c.output().equals(predicted)) {
                    chosen = c;
                }
            }
            Map<String, Double> byFeature = new LinkedHashMap<>();
            double[] values = chosen.values();
            for (int j = 0; j < values.length; j++) {
                byFeature.put(chosen.featureNames().get(j), values[j]);
            }
            Optional<String> target = chosen.output().equals(Contributions.VALUE) ? Optional.empty()
                    : Optional.of(chosen.output());
            explanations.add(new Explanation(target, chosen.baseValue(), byFeature));
        }
        return new Explained(result, explanations);
    }

    /** A prediction with one explanation per record. */
    public record Explained(DeploymentResult result, List<Explanation> explanations) {
    }


    /** The deployments this engine serves; changed by the platform's deployment API or the standalone server. */
    public Deployments deployments() {
        return deployments;
    }

    /** The prediction log, or {@code null}. */
    public PredictionLog log() {
        return log;
    }

    /** Where the serving metrics are registered. */
    public MeterRegistry meters() {
        return meters;
    }

    /**
     * Answers one request from a deployment and logs each record's prediction.
     *
     * @param stickyValue the caller's value of the deployment's sticky key, or {@code null}
     */
    public DeploymentResult predict(String deployment, InferenceRequest request, String stickyValue) {
        return answer(deployment, request, stickyValue, false).result();
    }

    /** A prediction with each record's outlier check (empty elements when the package has no reference). */
    public record Checked(DeploymentResult result, List<Optional<OutlierScore>> outliers) {
    }

    /**
     * Answers one request like {@link #predict} and checks each record with the answering version's outlier
     * detector; the checks are the ones the prediction log records.
     */
    public Checked predictChecked(String deployment, InferenceRequest request, String stickyValue) {
        return answer(deployment, request, stickyValue, true);
    }

    /**
     * Predicts and logs; with {@code check} every record is checked for the answer, otherwise only the records
     * the log keeps are (outliers is {@code null} then).
     */
    private Checked answer(String deployment, InferenceRequest request, String stickyValue, boolean check) {
        long started = System.nanoTime();
        long receivedAt = clock.millis();
        DeploymentResult result = deployments.predict(deployment, request, stickyValue);
        long micros = (System.nanoTime() - started) / 1_000;
        // the model that answered, not the one serving that version now: a swap may have happened since
        List<Optional<OutlierScore>> checks = check ? outliers(answering(deployment, result), request.records())
                : null;
        logResult(deployment, request, result, receivedAt, micros, checks);
        return new Checked(result, checks);
    }

    /** The model that produced {@code result}; looked up by version only for results made without it. */
    private GyreModel answering(String deployment, DeploymentResult result) {
        return result.model() != null ? result.model() : model(deployment, result.version());
    }

    private GyreModel answeringOrNull(String deployment, DeploymentResult result) {
        return result.model() != null ? result.model() : deployments.model(deployment, result.version()).orElse(null);
    }

    /** Logs each record; {@code checks} are the records' outlier checks when already made, else {@code null}. */
    private void logResult(String deployment, InferenceRequest request, DeploymentResult result, long receivedAt,
                           long micros, List<Optional<OutlierScore>> checks) {
        if (log == null) {
            return;
        }
        String requestId = request.id().orElseGet(() -> UUID.randomUUID().toString());
        List<Map<String, Object>> records = request.records();
        GyreModel model = checks == null ? answeringOrNull(deployment, result) : null;
        for (int i = 0; i < records.size(); i++) {
            Prediction p = result.predictions().get(i);
            String id = records.size() == 1 ? requestId : requestId + "#" + i;
            Optional<OutlierScore> check = checks != null ? checks.get(i) : checked(model, id, records.get(i));
            log.offer(new PredictionRecord(id, deployment, p.modelName(), p.modelVersion(), receivedAt,
                    records.get(i), output(result.response(), i), micros, score(check),
                    check.map(OutlierScore::outlier).orElse(null), false));
        }
    }

    /** The outlier check of a record the log keeps; none for one its sampling leaves out (it is not written). */
    private Optional<OutlierScore> checked(GyreModel model, String id, Map<String, Object> record) {
        if (model == null || !RequestSampler.keep(id, log.options().sampleRate())) {
            return Optional.empty();
        }
        return outlier(model, record);
    }

    private static Double score(Optional<OutlierScore> check) {
        return check.map(OutlierScore::score).filter(Double::isFinite).orElse(null);
    }

    private void logShadow(ShadowSink.Outcome outcome) {
        if (!outcome.succeeded()) {
            // the caller never sees a shadow's failure: it is counted, per deployment
            metrics.shadowError(outcome.deployment());
            return;
        }
        if (log == null) {
            return;
        }
        InferenceRequest request = outcome.request();
        String requestId = request.id().orElseGet(() -> UUID.randomUUID().toString());
        List<Map<String, Object>> records = request.records();
        String model = deployments.get(outcome.deployment()).target().model();
        GyreModel shadow = deployments.model(outcome.deployment(), outcome.shadowVersion()).orElse(null);
        for (int i = 0; i < records.size(); i++) {
            String id = records.size() == 1 ? requestId : requestId + "#" + i;
            Optional<OutlierScore> check = checked(shadow, id, records.get(i));
            log.offer(new PredictionRecord(id, outcome.deployment(), model,
                    Integer.toString(outcome.shadowVersion()), clock.millis(), records.get(i),
                    output(outcome.response(), i), 0, score(check), check.map(OutlierScore::outlier).orElse(null),
                    true));
        }
    }

    private static PredictionRecord.Output output(InferenceResponse response, int i) {
        InferenceResponse.Prediction p = response.predictions().get(i);
        if (p instanceof InferenceResponse.Classified c) {
            Map<String, Double> probabilities = new java.util.LinkedHashMap<>();
            for (int k = 0; k < c.probabilities().size(); k++) {
                probabilities.put(response.classes().get(k), c.probabilities().get(k));
            }
            return PredictionRecord.Output.classification(c.label(), probabilities);
        }
        return PredictionRecord.Output.regression(((InferenceResponse.Value) p).value());
    }

    /** Stops the shadow threads and the batchers, and closes the prediction log (writing what is queued). */
    @Override
    public void close() {
        try {
            deployments.close();
        } finally {
            if (log != null) {
                log.close();
            }
        }
    }
}
