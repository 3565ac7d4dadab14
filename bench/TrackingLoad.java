// Load generator for the MLflow-compatible tracking API, run with the JDK's source launcher:
//
//   java bench/TrackingLoad.java URL TOKEN [RUNS] [CLIENTS] [SECONDS]
//
// 1. seeds RUNS runs (default 100 000) in one experiment, each with 3 metrics and 2 params,
//    through runs/create + runs/log-batch with CLIENTS concurrent clients;
// 2. CLIENTS clients (default 20) send runs/log-batch with 10 metrics each for SECONDS seconds
//    (default 20): requests per second;
// 3. CLIENTS clients send runs/search with a metric filter and a metric order-by (max_results 100)
//    for SECONDS seconds: average and p95 latency.
// Prints the figures and one line "FIGURES logbatch_rps=… search_avg_ms=… search_p95_ms=… seeded_runs=…".
// Uses only the JDK (java.net.http); every request is checked for status 200.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class TrackingLoad {

    static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([0-9a-zA-Z_-]+)\"");
    static final Pattern EXPERIMENT_ID = Pattern.compile("\"experiment_id\"\\s*:\\s*\"([0-9]+)\"");

    final String base;
    final String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TrackingLoad(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** Requests that did not answer 200 (e.g. 503 when the server is overloaded), counted instead of aborting. */
    final AtomicLong failures = new AtomicLong();
    volatile String lastFailure = "";

    /** Like {@link #post} but counts a non-200 answer and returns null instead of throwing. */
    String tryPost(String path, String json) throws Exception {
        try {
            return post(path, json);
        } catch (IllegalStateException e) {
            failures.incrementAndGet();
            lastFailure = e.getMessage();
            return null;
        }
    }

    String post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String find(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + json);
        }
        return m.group(1);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java bench/TrackingLoad.java URL TOKEN [RUNS] [CLIENTS] [SECONDS]");
            System.exit(2);
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        TrackingLoad load = new TrackingLoad(args[0], args[1]);
        String experiment = find(EXPERIMENT_ID, load.post("experiments/create",
                "{\"name\":\"bench-" + System.nanoTime() + "\"}"));

        // 1. seed
        List<String> runIds = Collections.synchronizedList(new ArrayList<>(runs));
        AtomicInteger next = new AtomicInteger();
        long seedStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);   // a failed phase ends the program instead of leaving idle workers behind
            return t;
        });
        List<Future<?>> seeding = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            seeding.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i; (i = next.getAndIncrement()) < runs; ) {
                    String runId = find(RUN_ID, load.post("runs/create", "{\"experiment_id\":\"" + experiment
                            + "\",\"start_time\":" + (1_700_000_000_000L + i) + ",\"run_name\":\"r" + i + "\"}"));
                    load.post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":["
                            + metric("m0", random.nextDouble(), 0) + "," + metric("m1", random.nextDouble(), 0) + ","
                            + metric("m2", random.nextDouble(), 0) + "],\"params\":[{\"key\":\"lr\",\"value\":\""
                            + random.nextInt(10) + "\"},{\"key\":\"depth\",\"value\":\"" + random.nextInt(12) + "\"}]}");
                    runIds.add(runId);
                    if (i % 10_000 == 0 && i > 0) {
                        System.err.printf(Locale.ROOT, "  seeded %d runs%n", i);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : seeding) {
            f.get();
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        System.out.printf(Locale.ROOT, "seeded %d runs in %.1f s (%.0f runs/s)%n", runs, seedSeconds, runs / seedSeconds);

        // 2. log-batch of 10 metrics
        AtomicLong batches = new AtomicLong();
        long stop = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> logging = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            logging.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long step = 1;
                while (System.nanoTime() < stop) {
                    String runId = runIds.get(random.nextInt(runIds.size()));
                    StringBuilder body = new StringBuilder("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
                    for (int k = 0; k < 10; k++) {
                        body.append(k == 0 ? "" : ",").append(metric("load" + k, random.nextDouble(), step));
                    }
                    if (load.tryPost("runs/log-batch", body.append("]}").toString()) != null) {
                        batches.incrementAndGet();
                    }
                    step++;
                }
                return null;
            }));
        }
        for (Future<?> f : logging) {
            f.get();
        }
        double rps = batches.get() / (double) seconds;
        long logFailures = load.failures.getAndSet(0);
        System.out.printf(Locale.ROOT, "log-batch(10 metrics): %d requests in %d s with %d clients = %.0f requests/s (%d failed)%n",
                batches.get(), seconds, clients, rps, logFailures);

        // 3. search with a metric filter and a metric order-by
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long searchStop = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> searching = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            searching.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < searchStop) {
                    double threshold = 0.5 + random.nextDouble() * 0.49;
                    String body = "{\"experiment_ids\":[\"" + experiment + "\"],\"filter\":\"metrics.m0 > "
                            + String.format(Locale.ROOT, "%.4f", threshold)
                            + " and params.lr = '3'\",\"order_by\":[\"metrics.m1 DESC\"],\"max_results\":100}";
                    long t0 = System.nanoTime();
                    if (load.tryPost("runs/search", body) != null) {
                        latencies.add(System.nanoTime() - t0);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : searching) {
            f.get();
        }
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double avg = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        double p95 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1e6;
        long searchFailures = load.failures.get();
        System.out.printf(Locale.ROOT, "search (metric filter + param filter + metric order-by, 100 results) over %d runs: "
                + "%d searches answered, avg %.1f ms, p95 %.1f ms; %d failed%s%n", runs, sorted.size(), avg, p95, searchFailures,
                searchFailures == 0 ? "" : " (last: " + load.lastFailure + ")");
        System.out.printf(Locale.ROOT, "FIGURES logbatch_rps=%.0f logbatch_failed=%d search_avg_ms=%.1f search_p95_ms=%.1f"
                + " search_failed=%d seeded_runs=%d clients=%d%n", rps, logFailures, avg, p95, searchFailures, runs, clients);
    }

    static String metric(String key, double value, long step) {
        return String.format(Locale.ROOT, "{\"key\":\"%s\",\"value\":%.6f,\"timestamp\":%d,\"step\":%d}",
                key, value, System.currentTimeMillis(), step);
    }
}
