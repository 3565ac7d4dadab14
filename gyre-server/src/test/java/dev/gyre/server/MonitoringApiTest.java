package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring on the real platform: a validated Titanic version deployed twice; one deployment gets the passengers
 * as they are, the other older men travelling first class from
 * Queenstown with three siblings, paying far higher fares. The windows are profiled from the prediction
 * log, compared with the version's reference, and an administrator's drift rule fires on the shifted deployment
 * and resolves once its traffic is back to normal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static String viewer;

    static List<Map<String, Object>> passengers;
    /** Whether each passenger survived, in the order of {@link #passengers}. */
    static List<String> survived = new ArrayList<>();

    static final String SECRET = "monitoring-test-secret-0123456789";
    static com.sun.net.httpserver.HttpServer receiver;
    static final List<Map<String, Object>> received = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The platform's settings: 5 s windows, rules evaluated on demand, the webhook to the local receiver. */
    static Map<String, String> settings() {
        return Map.of("monitoring_window", "5s", "monitoring_interval", "1h", "monitoring_min_rows", "30",
                "alert_webhook_url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/gyre",
                "alert_webhook_secret", SECRET, "egress_allow_hosts", "127.0.0.1",
                "egress_allow_cidrs", "127.0.0.1/32", "egress_allow_http", "true");
    }

    /** A webhook receiver that checks each request's signature as the docs tell receivers to. */
    static void startReceiver() throws Exception {
        receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/gyre", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Gyre-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Gyre-Signature");
            boolean valid;
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
                valid = expected.equals(signature);
            } catch (java.security.GeneralSecurityException e) {
                valid = false;
            }
            Map<String, Object> entry = new java.util.HashMap<>();
            entry.put("valid", valid);
            entry.put("event", JSON.readTree(body));
            received.add(entry);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @BeforeAll
    static void start() throws Exception {
        startReceiver();
        Files.writeString(home.resolve("alerts.yaml"), """
                rules:
                  - {name: dataset_drift, metric: drift_share, comparison: '>=', threshold: 0.5, window: 0, for: 0,
                     severity: critical, retrain: true}
                  - {name: success_metric_below_threshold, metric: roc_auc, comparison: '<', threshold: 0.85,
                     window: 0, for: 0, severity: critical}
                """);
        platform = TestPlatform.start(home, settings());
        ana = platform.userWithRole("ana", "data-scientist");
        // ana's project: she reads its deployments' monitoring, but may not run an evaluation (operate)
        viewer = ana;
        DeploymentApiTest.trainAndValidate(platform, ana, 1, 1);
        for (String name : List.of("steady", "shifted", "labelled")) {
            TestPlatform.Reply created = platform.post("/api/v1/deployments", platform.adminToken,
                    "{\"name\": \"" + name + "\", \"model\": \"titanic\", \"version\": 1}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        passengers = passengers(Path.of("..", "examples", "titanic", "titanic.csv"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** The passengers of the CSV as records of raw input fields (no target, no id). */
    static List<Map<String, Object>> passengers(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                String name = header[i].trim();
                String cell = cells[i].replace("\"", "").trim();
                if (name.equals("Survived")) {
                    survived.add(cell);
                }
                if (name.equals("Survived") || name.equals("PassengerId")) {
                    continue;
                }
                Object value = cell.isEmpty() ? null : switch (name) {
                    case "Pclass", "SibSp", "Parch" -> Long.parseLong(cell);
                    case "Age", "Fare" -> Double.parseDouble(cell);
                    default -> cell;
                };
                record.put(name, value);
            }
            out.add(record);
        }
        return out;
    }

    /** Sends every passenger (changed by {@code change}) to a deployment, 50 to a request. */
    static void send(String deployment, String prefix, UnaryOperator<Map<String, Object>> change) throws Exception {
        for (int from = 0; from < passengers.size(); from += 50) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (Map<String, Object> p : passengers.subList(from, Math.min(from + 50, passengers.size()))) {
                batch.add(change.apply(new LinkedHashMap<>(p)));
            }
            TestPlatform.Reply reply = platform.post("/api/v1/deployments/" + deployment + "/predict",
                    platform.adminToken, JSON.writeValueAsString(Map.of("request_id", prefix + from, "records", batch)));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        assertThat(platform.server.servingEngine().log().flush(Duration.ofSeconds(30))).isTrue();
    }

    static Map<String, Object> older(Map<String, Object> p) {
        if (p.get("Age") != null) {
            p.put("Age", ((Double) p.get("Age")) + 35);
        }
        if (p.get("Fare") != null) {
            p.put("Fare", ((Double) p.get("Fare")) * 6 + 40);
        }
        p.put("Pclass", 1L);
        p.put("Sex", "male");
        p.put("Embarked", "Q");
        p.put("SibSp", 3L);
        return p;
    }

    static JsonNode status(String deployment, String token, String window) {
        TestPlatform.Reply reply = platform.get("/api/v1/deployments/" + deployment + "/monitoring?window=" + window,
                token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Json.parse(reply.body());
    }

    static JsonNode column(JsonNode status, String name) {
        for (JsonNode c : status.path("columns")) {
            if (c.path("column").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in " + status);
    }

    @Test
    @Order(1)
    void aWindowWithoutTrafficSaysSoInsteadOfAVerdict() {
        JsonNode status = status("steady", viewer, "1h");
        assertThat(status.path("rows").asLong()).isZero();
        assertThat(status.path("drift_share").isNull()).isTrue();
        assertThat(status.path("note").asText()).contains("No traffic");
    }

    @Test
    @Order(2)
    void unchangedTrafficDoesNotDriftAndShiftedTrafficDoes() throws Exception {
        send("steady", "s-", UnaryOperator.identity());
        send("shifted", "x-", MonitoringApiTest::older);

        JsonNode steady = status("steady", viewer, "1h");
        assertThat(steady.path("rows").asLong()).isEqualTo(passengers.size());
        assertThat(steady.path("version").asText()).isEqualTo("1");
        assertThat(steady.path("reference_rows").asLong()).isPositive();
        assertThat(steady.path("dataset_drift").asBoolean()).as(steady.toString()).isFalse();
        assertThat(column(steady, "Age").path("drifted").asBoolean()).isFalse();
        assertThat(steady.path("prediction_drift").asBoolean()).isFalse();
        // the outlier detector scored every logged record
        assertThat(steady.path("outlier_rate").isNumber()).isTrue();

        JsonNode shifted = status("shifted", viewer, "1h");
        assertThat(shifted.path("rows").asLong()).isEqualTo(passengers.size());
        assertThat(column(shifted, "Age").path("drifted").asBoolean()).as(shifted.toString()).isTrue();
        assertThat(column(shifted, "Fare").path("drifted").asBoolean()).isTrue();
        assertThat(column(shifted, "Pclass").path("drifted").asBoolean()).isTrue();
        assertThat(shifted.path("prediction_drift").asBoolean()).isTrue();
        assertThat(shifted.path("outlier_rate").asDouble())
                .isGreaterThan(steady.path("outlier_rate").asDouble());

        // the report: JSON with the distributions, and one HTML page with a chart per column
        TestPlatform.Reply json = platform.get("/api/v1/deployments/shifted/monitoring/report?window=1h", viewer);
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        JsonNode report = Json.parse(json.body()).path("report");
        assertThat(report.path("current_rows").asLong()).isEqualTo(passengers.size());
        TestPlatform.Reply html = platform.get("/api/v1/deployments/shifted/monitoring/report?window=1h&format=html",
                viewer);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("Age").contains("prediction_proba_1");
        assertThat(html.body().split("<svg", -1).length - 1).isGreaterThanOrEqualTo(8);
    }

    @Test
    @Order(3)
    void theDriftRuleFiresOnTheShiftedDeploymentOnlyAndResolvesWhenTrafficIsNormalAgain() throws Exception {
        // the span evaluated is the previous window and the current one (5 s each): traffic of order 2 may have
        // left it; send again
        send("shifted", "x2-", MonitoringApiTest::older);
        send("steady", "s2-", UnaryOperator.identity());
        TestPlatform.Reply evaluated = platform.post("/api/v1/deployments/shifted/monitoring/evaluate",
                platform.adminToken, "");
        assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
        TestPlatform.Reply refused = platform.post("/api/v1/deployments/shifted/monitoring/evaluate", viewer, "");
        assertThat(refused.status()).isEqualTo(403);

        JsonNode alerts = Json.parse(platform.get("/api/v1/alerts", viewer).body());
        assertThat(state(alerts, "shifted", "dataset_drift")).as(alerts.toString()).isEqualTo("firing");
        assertThat(state(alerts, "steady", "dataset_drift")).isEqualTo("inactive");
        assertThat(alerts.path("events").get(0).path("status").asText()).isEqualTo("firing");
        assertThat(alerts.path("events").get(0).path("deployment").asText()).isEqualTo("shifted");
        assertThat(platform.server.monitoring().retraining().requests()).hasSize(1);
        // the allow-listed webhook got the firing event, signed with the secret
        assertThat(received).anySatisfy(r -> {
            assertThat(r.get("valid")).isEqualTo(true);
            JsonNode event = (JsonNode) r.get("event");
            assertThat(event.path("status").asText()).isEqualTo("firing");
            assertThat(event.path("deployment").asText()).isEqualTo("shifted");
            assertThat(event.path("rule").asText()).isEqualTo("dataset_drift");
        });
        assertThat(received).allSatisfy(r -> assertThat(r.get("valid")).isEqualTo(true));

        // two windows later only normal traffic is in the span
        Thread.sleep(10_100);
        send("shifted", "x3-", UnaryOperator.identity());
        assertThat(platform.post("/api/v1/deployments/shifted/monitoring/evaluate", platform.adminToken, "")
                .status()).isEqualTo(200);
        alerts = Json.parse(platform.get("/api/v1/alerts?deployment=shifted", viewer).body());
        assertThat(state(alerts, "shifted", "dataset_drift")).as(alerts.toString()).isEqualTo("inactive");
        assertThat(alerts.path("events")).hasSize(2);
        assertThat(alerts.path("events").get(0).path("status").asText()).isEqualTo("resolved");
        // the gauges carry the latest measurement
        String metrics = platform.get("/metrics", null).body();
        assertThat(metrics).contains("gyre_monitoring_drift_share{deployment=\"shifted\"}");
        assertThat(metrics).contains("gyre_monitoring_alert_state{deployment=\"shifted\",rule=\"dataset_drift\"} 0.0");
        assertThat(metrics).contains("gyre_monitoring_drift_score{column=\"Age\",deployment=\"steady\"");
    }

    /** Ground truth for the passengers sent with {@code prefix}: true labels, or flipped ones. */
    static JsonNode feedback(String prefix, int from, int to, boolean flipped) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int batch = i / 50 * 50;
            long label = Long.parseLong(survived.get(i));
            items.add(Map.of("request_id", prefix + batch + "#" + (i - batch), "label", flipped ? 1 - label : label));
        }
        TestPlatform.Reply reply = platform.post("/api/v1/deployments/labelled/feedback", ana,
                JSON.writeValueAsString(Map.of("feedback", items)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Json.parse(reply.body());
    }

    static JsonNode evaluate(String deployment) {
        TestPlatform.Reply reply = platform.post("/api/v1/deployments/" + deployment + "/monitoring/evaluate",
                platform.adminToken, "");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Json.parse(platform.get("/api/v1/deployments/" + deployment + "/monitoring", ana).body());
    }

    static String rule(JsonNode status, String name) {
        for (JsonNode r : status.path("alerts")) {
            if (r.path("rule").asText().equals(name)) {
                return r.path("status").asText();
            }
        }
        return "absent";
    }

    @Test
    @Order(5)
    void lateGroundTruthUpdatesTheWindowsQualityAndTheCharterRuleFiresAndResolves() throws Exception {
        send("labelled", "a-", UnaryOperator.identity());
        assertThat(platform.server.recordPredictionsForFeedback()).isTrue();
        JsonNode before = evaluate("labelled");
        assertThat(before.path("quality").size()).as(before.toString()).isZero();
        assertThat(rule(before, "success_metric_below_threshold")).isEqualTo("inactive");

        // the truth for the first half arrives: the model scores as it did in validation
        JsonNode first = feedback("a-", 0, 450, false);
        assertThat(first.path("accepted").asInt()).isEqualTo(450);
        JsonNode half = evaluate("labelled");
        double auc = half.path("quality").path("roc_auc").asDouble();
        double accuracy = half.path("quality").path("accuracy").asDouble();
        assertThat(auc).as(half.toString()).isGreaterThan(0.85);
        assertThat(accuracy).isGreaterThan(0.75);
        assertThat(rule(half, "success_metric_below_threshold")).isEqualTo("inactive");

        // the rest arrives later and says the opposite of what happened: the window's quality drops, the rule fires
        feedback("a-", 450, passengers.size(), true);
        JsonNode all = evaluate("labelled");
        assertThat(all.path("quality").path("accuracy").asDouble()).isLessThan(accuracy - 0.2);
        assertThat(all.path("quality").path("roc_auc").asDouble()).isLessThan(0.85);
        assertThat(rule(all, "success_metric_below_threshold")).as(all.toString()).isEqualTo("firing");
        // a second delivery of the same labels changes nothing
        assertThat(feedback("a-", 450, passengers.size(), true).path("duplicates").asInt())
                .isEqualTo(passengers.size() - 450);
        String metrics = platform.get("/metrics", null).body();
        assertThat(metrics).contains("gyre_monitoring_quality{deployment=\"labelled\",metric=\"roc_auc\"}");

        // two windows later, new traffic with true labels: quality is back, the alert resolves
        Thread.sleep(10_100);
        send("labelled", "b-", UnaryOperator.identity());
        assertThat(platform.server.recordPredictionsForFeedback()).isTrue();
        TestPlatform.Reply truth = platform.post("/api/v1/deployments/labelled/feedback", ana,
                JSON.writeValueAsString(Map.of("feedback", java.util.stream.IntStream.range(0, passengers.size())
                        .mapToObj(i -> Map.of("request_id", "b-" + (i / 50 * 50) + "#" + (i % 50), "label",
                                Long.parseLong(survived.get(i)))).toList())));
        assertThat(truth.status()).as(truth.body()).isEqualTo(200);
        JsonNode after = evaluate("labelled");
        assertThat(after.path("quality").path("roc_auc").asDouble()).isGreaterThan(0.85);
        assertThat(rule(after, "success_metric_below_threshold")).as(after.toString()).isEqualTo("inactive");
        JsonNode events = Json.parse(platform.get("/api/v1/alerts?deployment=labelled", ana).body()).path("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("status").asText()).isEqualTo("resolved");
        assertThat(events.get(1).path("status").asText()).isEqualTo("firing");
    }

    @Test
    @Order(6)
    void theGrafanaDashboardOnlyQueriesMetricsThePlatformExports() throws Exception {
        JsonNode dashboard = JSON.readTree(Path.of("..", "deploy", "grafana", "gyre-monitoring.json").toFile());
        // one refused request, so the error counter exists
        assertThat(platform.post("/api/v1/deployments/steady/predict", platform.adminToken, "{\"records\": 3}")
                .status()).isEqualTo(400);
        String metrics = platform.get("/metrics", null).body();
        List<String> queried = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("gyre_[a-z0-9_]+")
                        .matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        assertThat(queried).hasSizeGreaterThan(10);
        for (String name : queried) {
            assertThat(metrics).as("metric %s of the dashboard", name).containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    @Test
    @Order(7)
    void anAlertFiringWhenThePlatformStopsIsStillFiringAfterItAndResolvesItsOwnEpisode() throws Exception {
        Thread.sleep(10_100);
        send("shifted", "x4-", MonitoringApiTest::older);
        JsonNode fired = evaluate("shifted");
        assertThat(rule(fired, "dataset_drift")).as(fired.toString()).isEqualTo("firing");
        JsonNode events = Json.parse(platform.get("/api/v1/alerts?deployment=shifted", ana).body()).path("events");
        assertThat(events).hasSize(3);
        String since = events.get(0).path("id").asText();

        platform.close();
        platform = TestPlatform.start(home, settings());
        send("shifted", "x5-", MonitoringApiTest::older);
        JsonNode again = evaluate("shifted");
        assertThat(rule(again, "dataset_drift")).as(again.toString()).isEqualTo("firing");
        // no second notification of the same episode
        assertThat(Json.parse(platform.get("/api/v1/alerts?deployment=shifted", ana).body()).path("events"))
                .hasSize(3);

        Thread.sleep(10_100);
        send("shifted", "x6-", UnaryOperator.identity());
        JsonNode resolved = evaluate("shifted");
        assertThat(rule(resolved, "dataset_drift")).isEqualTo("inactive");
        events = Json.parse(platform.get("/api/v1/alerts?deployment=shifted", ana).body()).path("events");
        assertThat(events).hasSize(4);
        assertThat(events.get(0).path("status").asText()).isEqualTo("resolved");
        // the resolved event closes the episode that fired before the restart
        assertThat(events.get(0).path("id").asText()).isEqualTo(since.replace("/firing", "/resolved"));
        // the receiver saw that episode fire once and resolve once, across the restart
        List<String> episode = received.stream().map(r -> ((JsonNode) r.get("event")).path("id").asText())
                .filter(id -> id.startsWith(since.replace("/firing", ""))).toList();
        assertThat(episode).containsExactly(since, since.replace("/firing", "/resolved"));
    }

    @Test
    @Order(8)
    void aWebhookToAnAddressThePlatformMayNotCallStopsTheStart(@TempDir Path other) {
        for (Map.Entry<String, String> refused : Map.of(
                "http://169.254.169.254/latest/meta-data", "169.254.169.254",
                "https://127.0.0.1:9/hooks", "127.0.0.1",
                "https://hooks.example.org/gyre", "hooks.example.org").entrySet()) {
            Map<String, String> flags = Map.of("alert_webhook_url", refused.getKey(), "alert_webhook_secret", SECRET,
                    "egress_allow_http", "true");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestPlatform.start(other.resolve(
                            "h" + Math.abs(refused.getKey().hashCode())), flags))
                    .isInstanceOf(dev.gyre.core.GyreException.class)
                    .hasMessageContaining(refused.getValue());
        }
    }

    @Test
    @Order(9)
    void shippedWindowsAreCheckedBeforeTheyAreStored() throws Exception {
        long windowMs = 5_000;
        long start = Instant.now().toEpochMilli() / windowMs * windowMs;
        dev.gyre.monitoring.profile.ColumnProfile age = dev.gyre.monitoring.profile.ColumnProfile.numeric();
        for (int i = 0; i < 40; i++) {
            age.update(30 + i);
        }
        byte[] profile = new dev.gyre.monitoring.profile.DatasetProfile(Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + windowMs), 40, Map.of("Age", age)).toBytes();
        Map<String, Object> good = new java.util.LinkedHashMap<>();
        good.put("model", "titanic");
        good.put("version", "1");
        good.put("window_start", start);
        good.put("window_ms", windowMs);
        good.put("source", "serve-a1");
        good.put("rows", 40);
        good.put("outliers", 0);
        good.put("outlier_checked", 0);
        good.put("latency", null);
        good.put("profile", java.util.Base64.getEncoder().encodeToString(profile));
        String path = "/api/v1/deployments/edge-titanic/profiles";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("window_ms", "--monitoring-window 5s");
        refused.put("profile", "base64");
        refused.put("rows", "rows");
        refused.put("source", "source");
        refused.put("model", "does not exist");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(good);
            switch (bad.getKey()) {
                case "window_ms" -> body.put("window_ms", 60_000);
                case "profile" -> body.put("profile", "not base64!");
                case "rows" -> body.put("rows", 41);
                case "source" -> body.put("source", "../x");
                default -> body.put("model", "no-such-model");
            }
            TestPlatform.Reply reply = platform.send("PUT", path, platform.adminToken, JSON.writeValueAsString(body));
            assertThat(reply.status()).as(bad.getKey() + ": " + reply.body()).isIn(400, 404);
            assertThat(reply.body()).contains(bad.getValue());
        }
        Map<String, Object> truncated = new java.util.LinkedHashMap<>(good);
        truncated.put("profile", java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(profile, 100)));
        assertThat(platform.send("PUT", path, platform.adminToken, JSON.writeValueAsString(truncated)).status())
                .isEqualTo(400);
        // a role without the deploy permission may not ship
        assertThat(platform.send("PUT", path, ana, JSON.writeValueAsString(good)).status()).isEqualTo(403);
        // nothing of the refused ones was stored; the good one is, and the platform monitors the name by it
        assertThat(platform.get("/api/v1/deployments/edge-titanic/monitoring", ana).status()).isEqualTo(404);
        TestPlatform.Reply stored = platform.send("PUT", path, platform.adminToken, JSON.writeValueAsString(good));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        JsonNode status = Json.parse(platform.get("/api/v1/deployments/edge-titanic/monitoring?window=1h", ana).body());
        assertThat(status.path("rows").asLong()).isEqualTo(40);
        assertThat(status.path("model").asText()).isEqualTo("titanic");
    }

    @Test
    @Order(10)
    void groundTruthForAStandaloneServersAnswersJoinsTheSegmentsItShipped() throws Exception {
        String segment = DeploymentApiTest.line("edge-titanic", "e-1") + DeploymentApiTest.line("edge-titanic", "e-2");
        TestPlatform.Reply shipped = platform.send("PUT", "/api/v1/prediction-logs/edge-titanic/2026030110-000001.jsonl",
                platform.adminToken, java.net.http.HttpRequest.BodyPublishers.ofString(segment), Map.of());
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(201);
        // the platform serves no deployment of that name: the model comes from the windows shipped before
        TestPlatform.Reply truth = platform.post("/api/v1/deployments/edge-titanic/feedback", ana,
                "{\"feedback\": [{\"request_id\": \"e-1\", \"label\": 1}, {\"request_id\": \"e-2\", \"label\": 0},"
                        + " {\"request_id\": \"e-3\", \"label\": 0}]}");
        assertThat(truth.status()).as(truth.body()).isEqualTo(200);
        JsonNode answer = Json.parse(truth.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(2);
        assertThat(answer.path("unmatched").toString()).isEqualTo("[\"e-3\"]");
        assertThat(platform.post("/api/v1/deployments/nobody-serves-this/feedback", ana,
                "{\"request_id\": \"x\", \"label\": 1}").status()).isEqualTo(404);
    }

    static String state(JsonNode alerts, String deployment, String rule) {
        for (JsonNode r : alerts.path("rules")) {
            if (r.path("deployment").asText().equals(deployment) && r.path("rule").asText().equals(rule)) {
                return r.path("status").asText();
            }
        }
        return "absent";
    }

    @Test
    @Order(4)
    void badQueriesGetClearAnswers() {
        TestPlatform.Reply window = platform.get("/api/v1/deployments/steady/monitoring?window=yesterday", viewer);
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.body()).contains("30m");
        TestPlatform.Reply unknown = platform.get("/api/v1/deployments/nope/monitoring", viewer);
        assertThat(unknown.status()).isEqualTo(404);
        TestPlatform.Reply end = platform.get("/api/v1/deployments/steady/monitoring/report?end=soon", viewer);
        assertThat(end.status()).isEqualTo(400);
        TestPlatform.Reply noToken = platform.get("/api/v1/alerts", null);
        assertThat(noToken.status()).isEqualTo(401);
    }
}
