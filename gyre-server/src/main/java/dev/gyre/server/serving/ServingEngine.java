package dev.gyre.server.serving;

import dev.gyre.serving.deploy.DeploymentResult;
import dev.gyre.serving.deploy.Deployments;
import dev.gyre.serving.deploy.ShadowSink;
import dev.gyre.serving.log.PredictionLog;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.protocol.InferenceRequest;
import dev.gyre.serving.protocol.InferenceResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The prediction path shared by the platform and the standalone server: the named {@link Deployments}, the
 * prediction log and the serving metrics. Every protocol's route decodes its body into an
 * {@link InferenceRequest}, calls {@link #predict}, and encodes the result.
 */
public final class ServingEngine implements AutoCloseable {
    private final Deployments deployments;
    private final PredictionLog log;
    private final MeterRegistry meters;
    private final Clock clock;

    /**
     * @param log    where served predictions are logged, or {@code null} to log nothing
     * @param meters where the serving metrics are registered
     * @param clock  the time of each request
     */
    public ServingEngine(PredictionLog log, MeterRegistry meters, Clock clock) {
        this.log = log;
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deployments = new Deployments(this::logShadow);
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
        long started = System.nanoTime();
        long receivedAt = clock.millis();
        DeploymentResult result = deployments.predict(deployment, request, stickyValue);
        long micros = (System.nanoTime() - started) / 1_000;
        if (log != null) {
            String requestId = request.id().orElseGet(() -> UUID.randomUUID().toString());
            List<Map<String, Object>> records = request.records();
            for (int i = 0; i < records.size(); i++) {
                Prediction p = result.predictions().get(i);
                log.offer(PredictionRecord.of(records.size() == 1 ? requestId : requestId + "#" + i, deployment,
                        p.modelName(), p.modelVersion(), receivedAt, records.get(i), output(result.response(), i),
                        micros));
            }
        }
        return result;
    }

    private void logShadow(ShadowSink.Outcome outcome) {
        if (log == null || !outcome.succeeded()) {
            return;
        }
        InferenceRequest request = outcome.request();
        String requestId = request.id().orElseGet(() -> UUID.randomUUID().toString());
        List<Map<String, Object>> records = request.records();
        for (int i = 0; i < records.size(); i++) {
            log.offer(new PredictionRecord(records.size() == 1 ? requestId : requestId + "#" + i,
                    outcome.deployment(), deployments.get(outcome.deployment()).target().model(),
                    Integer.toString(outcome.shadowVersion()), clock.millis(), records.get(i),
                    output(outcome.response(), i), 0, null, null, true));
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

    /** Stops the shadow threads and closes the prediction log (writing what is queued). */
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
