package dev.gyre.server.serving;

import dev.gyre.core.GyreException;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.serving.deploy.Deployments;
import dev.gyre.serving.log.PredictionLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The serving meters, per deployment and version. In Prometheus' text format:
 * <ul>
 *   <li>{@code gyre_serving_requests_total{deployment, version, protocol, status}}: answered requests;</li>
 *   <li>{@code gyre_serving_errors_total{deployment, version, protocol, status}}: requests answered with 4xx or
 *       5xx, by status code;</li>
 *   <li>{@code gyre_serving_latency_seconds{deployment, version, protocol}}: time to answer, a histogram
 *       ({@code _bucket}) for aggregation, and {@code gyre_serving_latency_quantiles_seconds{…, quantile}} with
 *       this process's p50, p95 and p99;</li>
 *   <li>{@code gyre_serving_records{deployment, version}}: records per request (the batch size);</li>
 *   <li>{@code gyre_serving_in_flight{deployment}}: requests being answered now;</li>
 *   <li>{@code gyre_serving_prediction_log_*_total}: the prediction log's offered, sampled out, dropped, written
 *       and write-error records, and {@code gyre_serving_prediction_log_queued};</li>
 *   <li>{@code gyre_serving_shadow_dropped_total}, {@code gyre_serving_shadow_sink_failures_total},
 *       {@code gyre_serving_shadow_errors_total} per deployment;</li>
 *   <li>{@code gyre_serving_outlier_errors_total}: outlier checks that failed (the request was answered);</li>
 *   <li>for a version whose single-record requests are batched, from the time it first answers:
 *       {@code gyre_serving_batch_batches_total{deployment, version}} (batched calls of the model),
 *       {@code gyre_serving_batch_records_total} (records predicted in them),
 *       {@code gyre_serving_batch_direct_total} (records the batcher predicted directly: queue full or closed)
 *       and {@code gyre_serving_batch_size_mean} (records per batched call). The counts are those of the
 *       (model, version), shared by the deployments serving it.</li>
 * </ul>
 * A request naming no existing deployment is counted under {@code deployment="unknown"}, and one that failed
 * before a version was chosen under {@code version="none"}, so a caller cannot create series at will.
 */
public final class ServingMetrics {

    /** The deployment tag of requests naming no existing deployment. */
    public static final String UNKNOWN_DEPLOYMENT = "unknown";
    /** The version tag of requests that failed before a version answered. */
    public static final String NO_VERSION = "none";

    private final MeterRegistry meters;
    private final Deployments deployments;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Per deployment, the counter of shadow calls that failed. */
    private final Map<String, Counter> shadowErrors = new ConcurrentHashMap<>();

    /** Counts a failed shadow call of a deployment (the caller never sees it). */
    void shadowError(String deployment) {
        shadowErrors.computeIfAbsent(deployment, d -> Counter.builder("gyre.serving.shadow.errors")
                .description("Shadow calls that failed (the caller was answered by the primary or canary)")
                .tag("deployment", d).register(meters)).increment();
    }

    /** The meters of each (deployment, version, protocol, status) seen so far. */
    private final Map<Key, RequestMeters> requestMeters = new ConcurrentHashMap<>();

    /** Per deployment and version, whether its batch meters were registered, once decided. */
    private final Map<String, Boolean> batchMeters = new ConcurrentHashMap<>();

    ServingMetrics(MeterRegistry meters, Deployments deployments, PredictionLog log, LongAdder outlierErrors) {
        this.meters = meters;
        this.deployments = deployments;
        FunctionCounter.builder("gyre.serving.outlier.errors", outlierErrors, LongAdder::sum)
                .description("Outlier checks that failed; the requests were answered without them").register(meters);
        FunctionCounter.builder("gyre.serving.shadow.dropped", deployments, Deployments::shadowDropped)
                .description("Shadow copies dropped because the shadow queue was full").register(meters);
        FunctionCounter.builder("gyre.serving.shadow.sink.failures", deployments, Deployments::shadowSinkFailures)
                .description("Shadow answers the prediction log could not take").register(meters);
        if (log != null) {
            logCounter(log, "offered", "Predictions offered to the log", s -> s.offered());
            logCounter(log, "sampled.out", "Predictions left out by sampling", s -> s.sampledOut());
            logCounter(log, "dropped", "Predictions dropped (queue full or log closed)", s -> s.dropped());
            logCounter(log, "written", "Predictions written to a segment", s -> s.written());
            logCounter(log, "write.errors", "Predictions lost to a failed write", s -> s.writeErrors());
            Gauge.builder("gyre.serving.prediction.log.queued", log, l -> l.stats().queued())
                    .description("Predictions waiting to be written").register(meters);
        }
    }

    private void logCounter(PredictionLog log, String name, String description,
                            java.util.function.ToLongFunction<PredictionLog.Stats> field) {
        FunctionCounter.builder("gyre.serving.prediction.log." + name, log, l -> field.applyAsLong(l.stats()))
                .description(description).register(meters);
    }

    /** Marks a request as started; the returned token is passed to {@link #finish}. */
    int start(String deployment) {
        return inFlight.computeIfAbsent(deployment, d -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("gyre.serving.in.flight", value, AtomicInteger::get).tag("deployment", d)
                    .description("Requests being answered now").register(meters);
            return value;
        }).incrementAndGet();
    }

    /**
     * Records one answered request.
     *
     * @param version the version that answered, or {@link #NO_VERSION}
     * @param records the records predicted (0 when refused)
     */
    void finish(String deployment, String version, String protocol, int status, int records, long nanos) {
        AtomicInteger value = inFlight.get(deployment);
        if (value != null) {
            value.decrementAndGet();
        }
        RequestMeters m = requestMeters.computeIfAbsent(new Key(deployment, version, protocol, status),
                this::register);
        m.requests().increment();
        if (m.errors() != null) {
            m.errors().increment();
        }
        m.latency().record(nanos, TimeUnit.NANOSECONDS);
        m.quantiles().record(nanos, TimeUnit.NANOSECONDS);
        if (status < 400 && !NO_VERSION.equals(version)) {
            batchMeters(deployment, version);
        }
        if (records > 0) {
            m.records().record(records);
        }
    }

    /** What one request's meters are registered under: found once, then looked up (a request registers nothing). */
    private record Key(String deployment, String version, String protocol, int status) {
    }

    /** The meters a request of one {@link Key} records into; {@code errors} is null for a status below 400. */
    private record RequestMeters(Counter requests, Counter errors, Timer latency, Timer quantiles,
                                 DistributionSummary records) {
    }

    private RequestMeters register(Key key) {
        String code = Integer.toString(key.status());
        Counter requests = Counter.builder("gyre.serving.requests").description("Inference requests answered")
                .tags("deployment", key.deployment(), "version", key.version(), "protocol", key.protocol(),
                        "status", code)
                .register(meters);
        Counter errors = key.status() < 400 ? null : Counter.builder("gyre.serving.errors")
                .description("Inference requests answered with an error")
                .tags("deployment", key.deployment(), "version", key.version(), "protocol", key.protocol(),
                        "status", code)
                .register(meters);
        // a Prometheus histogram carries no quantiles: the histogram serves aggregation across replicas
        // (histogram_quantile), the summary shows this process's p50/p95/p99 as they are
        Timer latency = Timer.builder("gyre.serving.latency").description("Time to answer an inference request")
                .tags("deployment", key.deployment(), "version", key.version(), "protocol", key.protocol())
                .publishPercentileHistogram()
                .register(meters);
        Timer quantiles = Timer.builder("gyre.serving.latency.quantiles")
                .description("Time to answer an inference request: p50, p95 and p99 over the last minutes")
                .tags("deployment", key.deployment(), "version", key.version(), "protocol", key.protocol())
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        DistributionSummary records = DistributionSummary.builder("gyre.serving.records")
                .description("Records per inference request")
                .tags("deployment", key.deployment(), "version", key.version())
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        return new RequestMeters(requests, errors, latency, quantiles, records);
    }

    /**
     * Registers the batch meters of a deployment's version the first time it answers, when it is batched; decided
     * once per deployment and version, so the request path only looks the decision up.
     */
    private void batchMeters(String deployment, String version) {
        if (deployments.batching().mode() == AdaptiveBatcher.Mode.OFF) {
            return;
        }
        batchMeters.computeIfAbsent(deployment + "\u0000" + version, k -> registerBatchMeters(deployment, version));
    }

    private boolean registerBatchMeters(String deployment, String version) {
        String model;
        int number;
        try {
            model = deployments.get(deployment).target().model();
            number = Integer.parseInt(version);
        } catch (GyreException.NotFound | NumberFormatException e) {
            return false;
        }
        if (deployments.batchStats(model, number).isEmpty()) {
            return false;
        }
        FunctionCounter.builder("gyre.serving.batch.batches", deployments, d -> stats(d, model, number).batches())
                .description("Batched calls of the model").tags("deployment", deployment, "version", version)
                .register(meters);
        FunctionCounter.builder("gyre.serving.batch.records", deployments,
                        d -> stats(d, model, number).batchedRecords())
                .description("Records predicted in batched calls").tags("deployment", deployment, "version", version)
                .register(meters);
        FunctionCounter.builder("gyre.serving.batch.direct", deployments, d -> stats(d, model, number).direct())
                .description("Single records the batcher predicted directly (queue full or batcher closed)")
                .tags("deployment", deployment, "version", version).register(meters);
        Gauge.builder("gyre.serving.batch.size.mean", deployments, d -> stats(d, model, number).meanBatchSize())
                .description("Mean records per batched call").tags("deployment", deployment, "version", version)
                .register(meters);
        return true;
    }

    private static AdaptiveBatcher.Stats stats(Deployments deployments, String model, int version) {
        Optional<AdaptiveBatcher.Stats> stats = deployments.batchStats(model, version);
        return stats.orElseGet(() -> new AdaptiveBatcher.Stats(0, 0, 0, 0, new long[0]));
    }
}
