package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 6 under load on the real platform: a deployment follows the alias {@code staging} of a Titanic model
 * and mirrors its traffic to a shadow version that refuses some of the requests. A paced load generator sends
 * at least 200 requests a second for 30 seconds over HTTP (native predict route and Open Inference Protocol)
 * while another thread keeps moving the alias between two versions and changing the canary split. No caller
 * may see a failure, and the shadow's failures must happen (counted in {@code /metrics}) without reaching anyone.
 */
class ServingLoadTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEPLOYMENT = "titanic-load";
    /** The load generator's pacing: requests a second, spread over its virtual users. */
    static final int TARGET_RATE = 260;
    static final int USERS = 12;
    static final Duration LOAD = Duration.ofSeconds(30);
    static final long CHANGE_EVERY_MS = 1_500;

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static String bob;

    /** Passengers: Pclass, Name, Sex, Age, SibSp, Parch, Fare, Embarked (Age may be null: every version imputes it). */
    static final Object[][] PASSENGERS = {
            {1, "Allen, Miss. Elisabeth Walton", "female", 29, 0, 0, 211.3375, "S"},
            {3, "Braund, Mr. Owen Harris", "male", 22, 1, 0, 7.25, "S"},
            {1, "Cumings, Mrs. John Bradley", "female", 38, 1, 0, 71.2833, "C"},
            {3, "Heikkinen, Miss. Laina", "female", 26, 0, 0, 7.925, "S"},
            {2, "Nasser, Mrs. Nicholas", "female", 14, 1, 0, 30.0708, "C"},
            {3, "Moran, Mr. James", "male", null, 0, 0, 8.4583, "Q"},
    };

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        ana = platform.userWithRole("ana", "data-scientist");
        bob = platform.userWithRole("bob", "ml-engineer");
        assertThat(platform.post("/api/v1/projects", ana, "{\"name\":\"titanic\"}").status()).isEqualTo(201);
        assertThat(platform.post("/api/v1/projects/titanic/members", platform.adminToken,
                "{\"username\":\"bob\",\"role\":\"ml-engineer\"}").status()).isEqualTo(201);
        // the example charter with a blocking fairness policy that Titanic's data cannot meet: every validation
        // fails a gate, which keeps a version from production but not from a staging alias
        String charter = Files.readString(Path.of("..", "examples", "titanic", "charter.yaml"))
                .replace("mode: report_only", "mode: blocking");
        TestPlatform.Reply put = platform.send("PUT", "/api/v1/projects/titanic/charter", ana,
                HttpRequest.BodyPublishers.ofString(charter), Map.of("Content-Type", "application/yaml"));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        TestPlatform.Reply added = DataApiTestSupport.add(platform, ana, "titanic", "passengers",
                Files.readAllBytes(DataApiTest.TITANIC), "file:titanic.csv");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        TestPlatform.Reply split = platform.post("/api/v1/projects/titanic/data/versions/passengers%401/split", ana,
                "{\"method\":\"stratified\",\"train\":0.8,\"test\":0.2,\"seed\":3,\"column\":\"Survived\"}");
        assertThat(split.status()).as(split.body()).isEqualTo(201);
        String train = Json.parse(split.body()).path("train").path("ref").asText();

        String spec = TrainingApiTest.spec().replace("max_trials: 6, parallelism: 1", "max_trials: 2, parallelism: 1");
        assertThat(spec).contains("seed: 42").contains("Pclass: [one_hot]");
        // versions 1 and 2: the example features (Pclass one-hot encoded, so a null Pclass is allowed), two seeds;
        // version 3: Pclass as a number with no imputation, so a request with a null Pclass is refused
        List<String> specs = List.of(spec, spec.replace("seed: 42", "seed: 7"),
                spec.replace("Pclass: [one_hot]", "Pclass: [log1p]"));
        for (int i = 0; i < specs.size(); i++) {
            TestPlatform.Reply trained = platform.post("/api/v1/projects/titanic/training-runs", ana,
                    JSON.writeValueAsString(Map.of("spec", specs.get(i), "data", train, "register", "titanic")));
            assertThat(trained.status()).as(trained.body()).isEqualTo(200);
            assertThat(Json.parse(trained.body()).path("registered_model").path("version").asInt()).isEqualTo(i + 1);
            TestPlatform.Reply validated = platform.post("/api/v1/models/titanic/versions/" + (i + 1) + "/validate",
                    ana, "{\"bootstrap_resamples\": 10, \"seed\": 7}");
            assertThat(validated.status()).as(validated.body()).isEqualTo(200);
            assertThat(Json.parse(validated.body()).path("passed").asBoolean()).as("the blocking fairness gate fails")
                    .isFalse();
            HttpResponse<java.io.InputStream> pkg = platform.stream("/api/v1/models/titanic/versions/" + (i + 1)
                    + "/package", ana);
            pkg.body().close();
            assertThat(pkg.statusCode()).as("a failed validation still writes the model package").isEqualTo(200);
        }
        setAlias(1);
        TestPlatform.Reply created = platform.post("/api/v1/deployments", bob, "{\"name\": \"" + DEPLOYMENT
                + "\", \"model\": \"titanic\", \"alias\": \"staging\", \"shadow\": 3}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(Json.parse(created.body()).path("shadow_version").asInt()).isEqualTo(3);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static void setAlias(int version) {
        TestPlatform.Reply reply = platform.post("/api/v1/models/titanic/aliases", ana,
                "{\"alias\": \"staging\", \"version\": " + version + "}");
        assertThat(reply.status()).as(reply.body()).isIn(200, 204);
    }

    /** What the load generator saw. */
    static final class Tally {
        final LongAdder sent = new LongAdder();
        final LongAdder nullPclassSent = new LongAdder();
        final LongAdder oipSent = new LongAdder();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final Map<Integer, LongAdder> versions = new ConcurrentHashMap<>();
        final LongAdder transportErrors = new LongAdder();
        final List<String> firstProblems = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong lastAnswerNanos = new AtomicLong();

        void problem(String what) {
            if (firstProblems.size() < 10) {
                firstProblems.add(what);
            }
        }

        long count(Map<Integer, LongAdder> map, int key) {
            LongAdder a = map.get(key);
            return a == null ? 0 : a.sum();
        }

        Map<Integer, Long> snapshot(Map<Integer, LongAdder> map) {
            Map<Integer, Long> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    static String value(Object v) {
        return v == null ? "null" : v instanceof String s ? "\"" + s + "\"" : v.toString();
    }

    /** The native API's body: one passenger, optionally with a null Pclass. */
    static String nativeBody(Object[] p, boolean nullPclass, long id) {
        return "{\"request_id\": \"load-" + id + "\", \"records\": [{\"Pclass\": " + (nullPclass ? "null" : value(p[0]))
                + ", \"Name\": " + value(p[1]) + ", \"Sex\": " + value(p[2]) + ", \"Age\": " + value(p[3])
                + ", \"SibSp\": " + value(p[4]) + ", \"Parch\": " + value(p[5]) + ", \"Fare\": " + value(p[6])
                + ", \"Embarked\": " + value(p[7]) + "}]}";
    }

    /** The Open Inference Protocol's body: one complete passenger as one tensor per column. */
    static String oipBody(Object[] p, long id) {
        String[] names = {"Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked"};
        String[] types = {"INT64", "BYTES", "BYTES", "FP64", "INT64", "INT64", "FP64", "BYTES"};
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            inputs.add("{\"name\": \"" + names[i] + "\", \"shape\": [1], \"datatype\": \"" + types[i]
                    + "\", \"data\": [" + value(p[i]) + "]}");
        }
        return "{\"id\": \"load-" + id + "\", \"inputs\": [" + String.join(", ", inputs) + "]}";
    }

    @Test
    void movingTheAliasAndTheCanaryUnderLoadFailsNoRequestAndTheShadowsErrorsReachNoCaller() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String token = "Bearer " + bob;
        URI nativeUri = URI.create(platform.server.baseUrl() + "/api/v1/deployments/" + DEPLOYMENT + "/predict");
        URI oipUri = URI.create(platform.server.baseUrl() + "/v2/models/" + DEPLOYMENT + "/infer");
        Tally tally = new Tally();
        long[][] latencies = new long[USERS][];
        long interval = TimeUnit.SECONDS.toNanos(1) * USERS / TARGET_RATE; // between two requests of one user
        long durationNanos = LOAD.toNanos();

        ExecutorService pool = Executors.newFixedThreadPool(USERS + 1);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        List<Future<?>> users = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            int user = u;
            users.add(pool.submit(() -> {
                long[] mine = new long[(int) (durationNanos / interval) + 2];
                int n = 0;
                for (long k = 0; ; k++) {
                    long due = start + user * (interval / USERS) + k * interval;
                    if (due - start >= durationNanos) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long id = k * USERS + user;
                    Object[] passenger;
                    HttpRequest.Builder request;
                    boolean oip = id % 4 == 3;
                    if (oip) {
                        passenger = PASSENGERS[(int) (id % 5)];
                        request = HttpRequest.newBuilder(oipUri).POST(HttpRequest.BodyPublishers.ofString(
                                oipBody(passenger, id)));
                        tally.oipSent.increment();
                    } else {
                        passenger = PASSENGERS[(int) (id % PASSENGERS.length)];
                        boolean nullPclass = id % 3 == 0;
                        if (nullPclass) {
                            tally.nullPclassSent.increment();
                        }
                        request = HttpRequest.newBuilder(nativeUri).POST(HttpRequest.BodyPublishers.ofString(
                                nativeBody(passenger, nullPclass, id)));
                    }
                    request.header("Authorization", token).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30));
                    tally.sent.increment();
                    long sentAt = System.nanoTime();
                    try {
                        HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        long now = System.nanoTime();
                        mine[n++] = now - sentAt;
                        tally.lastAnswerNanos.accumulateAndGet(now, Math::max);
                        tally.statuses.computeIfAbsent(reply.statusCode(), s -> new LongAdder()).increment();
                        if (reply.statusCode() != 200) {
                            tally.problem((oip ? "OIP " : "native ") + reply.statusCode() + ": " + reply.body());
                            continue;
                        }
                        JsonNode body = JSON.readTree(reply.body());
                        int version = body.path("model_version").asInt(-1);
                        tally.versions.computeIfAbsent(version, v -> new LongAdder()).increment();
                    } catch (IOException e) {
                        tally.transportErrors.increment();
                        tally.problem("transport: " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                latencies[user] = Arrays.copyOf(mine, n);
                return null;
            }));
        }

        // the changes: every 1.5 s the alias moves or the canary split changes, as users with the rights
        List<String> changes = Collections.synchronizedList(new ArrayList<>());
        List<String> refusedChanges = Collections.synchronizedList(new ArrayList<>());
        Future<?> changer = pool.submit(() -> {
            String[] cycle = {"alias", "canary 10", "canary 50", "canary 90", "clear", "alias", "canary 50", "alias"};
            int staging = 1;
            for (int i = 0; ; i++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(750 + i * CHANGE_EVERY_MS);
                if (due - start >= durationNanos - TimeUnit.MILLISECONDS.toNanos(500)) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String step = cycle[i % cycle.length];
                int other = 3 - staging;
                TestPlatform.Reply reply;
                if (step.equals("alias")) {
                    reply = platform.post("/api/v1/models/titanic/aliases", ana,
                            "{\"alias\": \"staging\", \"version\": " + other + "}");
                    staging = other;
                } else if (step.equals("clear")) {
                    reply = platform.send("DELETE", "/api/v1/deployments/" + DEPLOYMENT + "/canary", bob, null);
                } else {
                    reply = platform.post("/api/v1/deployments/" + DEPLOYMENT + "/canary", bob, "{\"version\": "
                            + other + ", \"percent\": " + step.substring("canary ".length()) + "}");
                }
                if (reply.status() == 200 || reply.status() == 204) {
                    changes.add(step.equals("alias") ? "staging -> " + staging : step + " (staging " + staging + ")");
                } else {
                    refusedChanges.add(step + ": " + reply.status() + " " + reply.body());
                }
            }
            return null;
        });

        for (Future<?> f : users) {
            f.get(5, TimeUnit.MINUTES);
        }
        changer.get(1, TimeUnit.MINUTES);
        pool.shutdown();
        double seconds = (tally.lastAnswerNanos.get() - start) / 1e9;

        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        long answered = all.length;
        long ok = tally.count(tally.statuses, 200);
        double achieved = answered / seconds;
        double p99ms = all.length == 0 ? Double.NaN : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6;

        // the shadow works through its queue after the last answer: wait until it has seen every refused row
        JsonNode state = Json.parse(platform.get("/api/v1/deployments/" + DEPLOYMENT, bob).body());
        long dropped = state.path("shadow_queue").path("dropped").asLong();
        long expectedAtLeast = tally.nullPclassSent.sum() - dropped;
        long shadowErrors = shadowErrors();
        for (int i = 0; i < 200 && shadowErrors < expectedAtLeast; i++) {
            Thread.sleep(100);
            shadowErrors = shadowErrors();
        }

        System.out.printf(java.util.Locale.ROOT, "serving load: %d requests (%d OIP, %d with a null Pclass) in %.1f s"
                        + " = %.0f req/s (paced at %d req/s by %d users); statuses %s; transport errors %d;"
                        + " versions answering %s; %d changes (%d refused); shadow errors %d, shadow copies dropped"
                        + " %d; client p99 %.1f ms%n",
                answered, tally.oipSent.sum(), tally.nullPclassSent.sum(), seconds, achieved, TARGET_RATE, USERS,
                tally.snapshot(tally.statuses), tally.transportErrors.sum(), tally.snapshot(tally.versions),
                changes.size(), refusedChanges.size(), shadowErrors, dropped, p99ms);
        System.out.println("serving load changes: " + changes);

        assertThat(tally.firstProblems).as("what callers saw").isEmpty();
        assertThat(tally.transportErrors.sum()).isZero();
        assertThat(answered).as("every request sent was answered").isEqualTo(tally.sent.sum());
        assertThat(answered).as("at least 200 requests a second for 30 s").isGreaterThanOrEqualTo(200L * 30);
        assertThat(ok).as("every answer is a 200").isEqualTo(answered);
        assertThat(tally.snapshot(tally.versions).keySet()).as("both versions answered, the shadow never")
                .containsExactly(1, 2);
        assertThat(refusedChanges).isEmpty();
        assertThat(changes.size()).isGreaterThanOrEqualTo(15);
        assertThat(tally.nullPclassSent.sum()).isGreaterThan(0);
        assertThat(shadowErrors).as("the shadow refused the rows with a null Pclass").isPositive()
                .isGreaterThanOrEqualTo(expectedAtLeast).isLessThanOrEqualTo(tally.nullPclassSent.sum());
        assertThat(serverErrorLines()).as("the server answered no request of the deployment with an error")
                .isEmpty();

        // the deployment ends where the last change left it: following staging, at the alias's version
        JsonNode end = Json.parse(platform.get("/api/v1/deployments/" + DEPLOYMENT, bob).body());
        assertThat(end.path("primary_version").asInt()).isEqualTo(end.path("alias_version").asInt());
        assertThat(end.path("shadow_version").asInt()).isEqualTo(3);
        assertThat(end.path("state").asText()).isEqualTo("serving");
    }

    /** {@code gyre_serving_shadow_errors_total} of the deployment in the platform's Prometheus text. */
    static long shadowErrors() {
        TestPlatform.Reply metrics = platform.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("gyre_serving_shadow_errors_total{") && line.contains("deployment=\"" + DEPLOYMENT
                    + "\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The lines of {@code gyre_serving_errors_total} for the deployment, if any. */
    static List<String> serverErrorLines() {
        List<String> out = new ArrayList<>();
        for (String line : platform.get("/metrics", null).body().split("\n")) {
            if (line.startsWith("gyre_serving_errors_total{") && line.contains("deployment=\"" + DEPLOYMENT + "\"")) {
                out.add(line);
            }
        }
        return out;
    }
}
