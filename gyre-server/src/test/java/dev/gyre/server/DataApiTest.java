package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data stage over HTTP (docs/data-api.md) on the bundled examples: ingest and profile checked against
 * an independent engine (DuckDB's own CSV reader), identical re-adds, suggested and failing suites, splits
 * with the sealed test split, and data kept out of the general artifact routes.
 */
class DataApiTest {

    static final Path TITANIC = Path.of("..", "examples", "titanic", "titanic.csv");
    static final Path BIKES = Path.of("..", "examples", "bike-sharing", "hour.csv");

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static String viewer;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        ana = platform.userWithRole("ana", "data-scientist");
        viewer = platform.userWithRole("vic", "viewer");
        assertThat(platform.post("/api/v1/projects", ana, "{\"name\":\"titanic\"}").status()).isEqualTo(201);
        assertThat(platform.post("/api/v1/projects/titanic/members", ana, "{\"username\":\"vic\",\"role\":\"viewer\"}").status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return DataApiTestSupport.sha256(bytes);
    }

    static TestPlatform.Reply add(String token, String name, byte[] bytes, String sourceUri, String options) throws Exception {
        return DataApiTestSupport.add(platform, token, "titanic", name, bytes, sourceUri);
    }

    static String ref(String ref) {
        return URLEncoder.encode(ref, StandardCharsets.UTF_8);
    }

    @Test
    void titanicIngestsAndItsProfileMatchesAnIndependentReading() throws Exception {
        TestPlatform.Reply added = add(ana, "passengers", Files.readAllBytes(TITANIC), "file:titanic.csv", null);
        assertThat(added.status()).as(added.body()).isIn(200, 201);
        JsonNode version = Json.parse(added.body()).path("version");
        assertThat(version.path("row_count").asLong()).isEqualTo(891);
        assertThat(version.path("format").asText()).isEqualTo("csv");

        JsonNode shown = Json.parse(platform.get("/api/v1/projects/titanic/data/versions/" + ref(version.path("ref").asText()), ana).body());
        JsonNode age = column(shown.path("profile"), "Age");
        JsonNode fare = column(shown.path("profile"), "Fare");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(Age), avg(Age), stddev_samp(Age), min(Age), max(Age),"
                     + " avg(Fare), sum(CASE WHEN Embarked IS NULL THEN 1 ELSE 0 END) FROM read_csv('"
                     + TITANIC.toAbsolutePath().toString().replace("'", "''") + "', header = true)")) {
            assertThat(rs.next()).isTrue();
            assertThat(shown.path("profile").toString()).contains("891");
            assertThat(age.toString()).contains("\"missing\":" + (rs.getLong(1) - rs.getLong(2)));
            assertThat(number(age, "mean")).isCloseTo(rs.getDouble(3), within(1e-9));
            assertThat(number(age, "std")).isCloseTo(rs.getDouble(4), within(1e-9));
            assertThat(number(age, "min")).isEqualTo(rs.getDouble(5));
            assertThat(number(age, "max")).isEqualTo(rs.getDouble(6));
            assertThat(number(fare, "mean")).isCloseTo(rs.getDouble(7), within(1e-9));
            assertThat(column(shown.path("profile"), "Embarked").toString()).contains("\"missing\":" + rs.getLong(8));
        }
    }

    @Test
    void bikeSharingWithCrlfLinesIngestsAndCountsMatch() throws Exception {
        byte[] bytes = Files.readAllBytes(BIKES);
        assertThat(new String(bytes, 0, 200, StandardCharsets.US_ASCII)).contains("\r\n");
        TestPlatform.Reply added = add(ana, "bike-hours", bytes, "file:hour.csv", null);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode version = Json.parse(added.body()).path("version");
        JsonNode shown = Json.parse(platform.get("/api/v1/projects/titanic/data/versions/" + ref(version.path("ref").asText()), ana).body());
        JsonNode cnt = column(shown.path("profile"), "cnt");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), avg(cnt), max(cnt), min(dteday) FROM read_csv('"
                     + BIKES.toAbsolutePath().toString().replace("'", "''") + "', header = true)")) {
            assertThat(rs.next()).isTrue();
            assertThat(version.path("row_count").asLong()).isEqualTo(rs.getLong(1)).isEqualTo(17379);
            assertThat(number(cnt, "mean")).isCloseTo(rs.getDouble(2), within(1e-9));
            assertThat(number(cnt, "max")).isEqualTo(rs.getDouble(3));
        }
        assertThat(schemaType(version, "dteday")).isEqualTo("timestamp");
        assertThat(schemaType(version, "cnt")).isEqualTo("numeric");
    }

    @Test
    void addingIdenticalContentAgainReturnsTheSameVersionAndNeedsNoUpload() throws Exception {
        byte[] bytes = "a,b\n1,x\n2,y\n3,x\n".getBytes(StandardCharsets.UTF_8);
        TestPlatform.Reply first = add(ana, "tiny", bytes, "file:tiny.csv", null);
        assertThat(first.status()).isEqualTo(201);
        String sha = sha256(bytes);
        TestPlatform.Reply missing = platform.post("/api/v1/projects/titanic/data/blobs/missing", ana, "{\"sha256\":[\"" + sha + "\"]}");
        assertThat(Json.parse(missing.body()).path("missing").size()).isZero();
        TestPlatform.Reply again = platform.send("PUT", "/api/v1/projects/titanic/data/blobs/" + sha, ana,
                HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of());
        assertThat(Json.parse(again.body()).path("uploaded").asBoolean()).isFalse();
        TestPlatform.Reply second = add(ana, "tiny", bytes, "file:tiny.csv", null);
        assertThat(second.status()).isEqualTo(200);
        assertThat(Json.parse(second.body()).path("created").asBoolean()).isFalse();
        assertThat(Json.parse(second.body()).path("version").path("ref").asText())
                .isEqualTo(Json.parse(first.body()).path("version").path("ref").asText()).isEqualTo("tiny@1");
        assertThat(add(ana, "tiny", "a,b\n9,z\n".getBytes(StandardCharsets.UTF_8), "file:tiny.csv", null).status()).isEqualTo(201);
        JsonNode versions = Json.parse(platform.get("/api/v1/projects/titanic/datasets/tiny/versions", ana).body()).path("versions");
        assertThat(versions.get(0).path("ref").asText()).isEqualTo("tiny@2");
        assertThat(versions.get(0).path("created_by").asText()).isEqualTo("ana");
        assertThat(versions.get(0).path("project").asText()).isEqualTo("titanic");
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsNameIsRefusedAndNothingIsKept() throws Exception {
        byte[] bytes = "x\n1\n".getBytes(StandardCharsets.UTF_8);
        String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
        TestPlatform.Reply put = platform.send("PUT", "/api/v1/projects/titanic/data/blobs/" + wrong, ana,
                HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(400);
        TestPlatform.Reply missing = platform.post("/api/v1/projects/titanic/data/blobs/missing", ana, "{\"sha256\":[\"" + wrong + "\"]}");
        assertThat(Json.parse(missing.body()).path("missing").size()).isEqualTo(1);
    }

    @Test
    void raggedCsvIsRefusedNamingTheLineAndMakesNoVersion() throws Exception {
        byte[] bytes = "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8);
        TestPlatform.Reply added = add(ana, "ragged", bytes, "file:ragged.csv", null);
        assertThat(added.status()).as(added.body()).isEqualTo(400);
        assertThat(Json.field(added.body(), "message")).contains("line 3");
        assertThat(platform.get("/api/v1/projects/titanic/datasets/ragged/versions", ana).status()).isEqualTo(404);
    }

    @Test
    void aViewerMayReadButNotAdd() throws Exception {
        byte[] bytes = "a\n1\n2\n".getBytes(StandardCharsets.UTF_8);
        String sha = sha256(bytes);
        TestPlatform.Reply upload = platform.send("PUT", "/api/v1/projects/titanic/data/blobs/" + sha, viewer,
                HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of());
        assertThat(upload.status()).isEqualTo(403);
        assertThat(Json.field(upload.body(), "message")).contains("write_data");
        add(ana, "someone-elses", bytes, "file:v.csv", null);
        TestPlatform.Reply refused = platform.post("/api/v1/projects/titanic/datasets/viewer-data/versions", viewer,
                "{\"kind\":\"file\",\"sha256\":\"" + sha + "\",\"size\":" + bytes.length + ",\"format\":\"csv\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(platform.get("/api/v1/projects/titanic/datasets", viewer).status()).isEqualTo(200);
    }

    @Test
    void aSuggestedSuitePassesAndAFailingSuiteMarksTheVersionFailedWithAnHtmlReport() throws Exception {
        TestPlatform.Reply added = add(ana, "for-suites", Files.readAllBytes(TITANIC), "file:titanic.csv", null);
        String ref = ref(Json.parse(added.body()).path("version").path("ref").asText());
        TestPlatform.Reply suggested = platform.get("/api/v1/projects/titanic/data/versions/" + ref + "/suggest", ana);
        assertThat(suggested.status()).isEqualTo(200);
        assertThat(suggested.body()).contains("expectations");
        TestPlatform.Reply passed = platform.send("POST", "/api/v1/projects/titanic/data/versions/" + ref + "/validate", ana,
                HttpRequest.BodyPublishers.ofString(suggested.body()), Map.of("Content-Type", "application/yaml"));
        assertThat(passed.status()).as(passed.body()).isEqualTo(200);
        assertThat(Json.parse(passed.body()).path("success").asBoolean()).isTrue();
        assertThat(Json.parse(platform.get("/api/v1/projects/titanic/data/versions/" + ref, ana).body()).path("status").asText())
                .isEqualTo("validated");

        String failing = "name: strict\nexpectations:\n  - expect: not_null\n    column: Age\n    mostly: 0.9\n";
        TestPlatform.Reply failed = platform.send("POST", "/api/v1/projects/titanic/data/versions/" + ref + "/validate", ana,
                HttpRequest.BodyPublishers.ofString(failing), Map.of("Content-Type", "application/yaml"));
        assertThat(Json.parse(failed.body()).path("success").asBoolean()).isFalse();
        assertThat(Json.parse(platform.get("/api/v1/projects/titanic/data/versions/" + ref, ana).body()).path("status").asText())
                .isEqualTo("failed");
        TestPlatform.Reply html = platform.get("/api/v1/projects/titanic/data/versions/" + ref + "/validation?format=html", ana);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body()).contains("strict").contains("not_null");

        TestPlatform.Reply training = platform.get("/api/v1/projects/titanic/data/versions/" + ref + "/content?purpose=training", ana);
        assertThat(training.status()).as(training.body()).isEqualTo(403);
        TestPlatform.Reply override = platform.post("/api/v1/projects/titanic/data/versions/" + ref + "/override", ana,
                "{\"reason\":\"Age is missing for a fifth of passengers; imputed in features\"}");
        assertThat(override.status()).as(override.body()).isEqualTo(201);
        assertThat(platform.get("/api/v1/projects/titanic/data/versions/" + ref + "/content?purpose=training", ana).status())
                .isEqualTo(200);

        String badSuite = "name: x\nexpectations:\n  - expect: between\n    column: Age\n    mostly: 2\n";
        TestPlatform.Reply bad = platform.send("POST", "/api/v1/projects/titanic/data/versions/" + ref + "/validate", ana,
                HttpRequest.BodyPublishers.ofString(badSuite), Map.of("Content-Type", "application/yaml"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(Json.field(bad.body(), "message")).contains("mostly");
    }

    @Test
    void theTestSplitIsSealedFromTrainingAndItsValidationReadsAreLogged() throws Exception {
        TestPlatform.Reply added = add(ana, "to-split", Files.readAllBytes(TITANIC), "file:titanic.csv", null);
        String ref = ref(Json.parse(added.body()).path("version").path("ref").asText());
        TestPlatform.Reply split = platform.post("/api/v1/projects/titanic/data/versions/" + ref + "/split", ana,
                "{\"method\":\"stratified\",\"train\":0.7,\"validation\":0.15,\"test\":0.15,\"seed\":7,\"column\":\"Survived\"}");
        assertThat(split.status()).as(split.body()).isEqualTo(201);
        JsonNode body = Json.parse(split.body());
        long rows = body.path("train").path("row_count").asLong() + body.path("validation").path("row_count").asLong()
                + body.path("test").path("row_count").asLong();
        assertThat(rows).isEqualTo(891);
        assertThat(body.path("test").path("split_role").asText()).isEqualTo("test");
        assertThat(body.path("test").path("parents").get(0).asText()).isEqualTo("to-split@1");
        assertThat(body.path("test").path("source_uri").asText())
                .isEqualTo("gyre:to-split@1?split=stratified&column=Survived&train=0.7&validation=0.15&test=0.15&seed=7");
        String test = ref(body.path("test").path("ref").asText());

        TestPlatform.Reply training = platform.get("/api/v1/projects/titanic/data/versions/" + test + "/content?purpose=training", ana);
        assertThat(training.status()).isEqualTo(403);
        assertThat(Json.field(training.body(), "message")).contains("sealed");
        assertThat(platform.get("/api/v1/projects/titanic/data/versions/" + test + "/content?purpose=feature_fitting", ana).status())
                .isEqualTo(403);
        TestPlatform.Reply validation = platform.get("/api/v1/projects/titanic/data/versions/" + test + "/content?purpose=validation", ana);
        assertThat(validation.status()).isEqualTo(200);
        assertThat(validation.body().lines().count()).isEqualTo(body.path("test").path("row_count").asLong() + 1);
        JsonNode reads = Json.parse(platform.get("/api/v1/projects/titanic/data/versions/" + test + "/reads", ana).body())
                .path("reads");
        assertThat(reads.size()).isEqualTo(1);
        assertThat(reads.get(0).path("purpose").asText()).isEqualTo("validation");
        assertThat(reads.get(0).path("username").asText()).isEqualTo("ana");
        TestPlatform.Reply audit = platform.get("/api/v1/projects/titanic/audit", ana);
        assertThat(audit.body()).contains("data_version.read_refused");
        String train = ref(body.path("train").path("ref").asText());
        assertThat(platform.get("/api/v1/projects/titanic/data/versions/" + train + "/content?purpose=training", ana).status())
                .isEqualTo(200);
    }

    @Test
    void cleaningMakesANewVersionWithLineageAndTheStepLog() throws Exception {
        TestPlatform.Reply added = add(ana, "to-clean", Files.readAllBytes(TITANIC), "file:titanic.csv", null);
        String ref = ref(Json.parse(added.body()).path("version").path("ref").asText());
        String spec = "steps:\\n  - drop_columns: [Cabin, Ticket]\\n  - filter: \\\"Embarked is not null\\\"\\n";
        TestPlatform.Reply cleaned = platform.post("/api/v1/projects/titanic/data/versions/" + ref + "/clean", ana,
                "{\"spec\":\"" + spec + "\",\"name\":\"passengers-clean\"}");
        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(201);
        JsonNode version = Json.parse(cleaned.body()).path("version");
        assertThat(version.path("row_count").asLong()).isEqualTo(889);
        assertThat(version.path("step").asText()).isEqualTo("clean");
        assertThat(version.path("schema").toString()).doesNotContain("Cabin");
        assertThat(schemaType(version, "Age")).isEqualTo("numeric");
        TestPlatform.Reply lineage = platform.get("/api/v1/projects/titanic/data/versions/"
                + ref(version.path("ref").asText()) + "/lineage", ana);
        assertThat(Json.parse(lineage.body()).path("edges").get(0).path("parent").asText()).isEqualTo("to-clean@1");
        TestPlatform.Reply diff = platform.get("/api/v1/projects/titanic/data/diff?a=" + ref + "&b="
                + ref(version.path("ref").asText()), ana);
        assertThat(diff.status()).as(diff.body()).isEqualTo(200);
        assertThat(Json.field(diff.body(), "text")).contains("Cabin");
    }

    @Test
    void versionedDataIsOutOfReachOfTheGeneralArtifactRoutes() throws Exception {
        byte[] bytes = "a\n1\n".getBytes(StandardCharsets.UTF_8);
        add(ana, "guarded", bytes, "file:g.csv", null);
        String sha = sha256(bytes);
        String blob = "datasets/blobs/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2);
        TestPlatform.Reply direct = platform.get("/api/v1/artifacts/content?path=" + blob, ana);
        assertThat(direct.status()).isEqualTo(403);
        assertThat(platform.get("/api/2.0/mlflow-artifacts/artifacts/" + blob, ana).status()).isEqualTo(403);
        assertThat(platform.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + blob, ana, "tampered").status()).isEqualTo(403);
        assertThat(platform.get("/api/v1/artifacts?prefix=", ana).body()).doesNotContain("datasets/");
    }

    @Test
    void badRequestsGetAClearFourHundredNeverAServerError() throws Exception {
        add(ana, "probe", "a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8), "file:probe.csv", null);
        String v = "/api/v1/projects/titanic/data/versions/" + ref("probe@1");
        Map<String, TestPlatform.Reply> replies = new java.util.LinkedHashMap<>();
        replies.put("unknown purpose", platform.get(v + "/content?purpose=fun", ana));
        replies.put("path of a file", platform.get(v + "/content?path=x", ana));
        replies.put("bad ref", platform.get("/api/v1/projects/titanic/data/versions/probe", ana));
        replies.put("unknown version", platform.get("/api/v1/projects/titanic/data/versions/" + ref("probe@9"), ana));
        replies.put("diff without b", platform.get("/api/v1/projects/titanic/data/diff?a=" + ref("probe@1"), ana));
        replies.put("stratified without column", platform.post(v + "/split", ana,
                "{\"method\":\"stratified\",\"train\":0.5,\"test\":0.5}"));
        replies.put("fractions not summing to 1", platform.post(v + "/split", ana, "{\"train\":0.5,\"test\":0.4}"));
        replies.put("clean spec not YAML", platform.post(v + "/clean", ana, "{\"spec\":\"steps: [\"}"));
        replies.put("clean of an unknown column", platform.post(v + "/clean", ana, "{\"spec\":\"- drop_columns: [zz]\"}"));
        replies.put("suite not YAML", platform.send("POST", v + "/validate", ana,
                HttpRequest.BodyPublishers.ofString("expectations: ["), Map.of("Content-Type", "application/yaml")));
        replies.put("unknown field", platform.post("/api/v1/projects/titanic/datasets/probe/versions", ana, "{\"shaa\":\"x\"}"));
        replies.put("bad sha", platform.post("/api/v1/projects/titanic/datasets/probe/versions", ana,
                "{\"sha256\":\"xyz\",\"size\":1,\"format\":\"csv\"}"));
        replies.put("bad delimiter", platform.post("/api/v1/projects/titanic/datasets/probe/versions", ana,
                "{\"sha256\":\"" + "0".repeat(64) + "\",\"size\":1,\"format\":\"csv\",\"options\":{\"delimiter\":\"::\"}}"));
        replies.put("label task on unknown version", platform.post("/api/v1/projects/titanic/label-tasks", ana,
                "{\"name\":\"t\",\"dataset\":\"nope@1\",\"label_column\":\"y\",\"labels\":[\"a\"]}"));
        replies.put("training spec not YAML", platform.post("/api/v1/projects/titanic/training-runs", ana,
                "{\"spec\":\"target: [\",\"data\":\"probe@1\"}"));
        replies.forEach((what, reply) -> {
            assertThat(reply.status()).as("%s: %s", what, reply.body()).isBetween(400, 499);
            assertThat(Json.field(reply.body(), "message")).as(what).isNotBlank();
        });
    }

    private static JsonNode column(JsonNode profile, String name) {
        for (JsonNode column : profile.path("columns")) {
            if (column.path("name").asText().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("no column " + name + " in " + profile);
    }

    private static double number(JsonNode column, String field) {
        JsonNode found = column.findValue(field);
        assertThat(found).as("%s in %s", field, column).isNotNull();
        return found.asDouble();
    }

    private static String schemaType(JsonNode version, String name) {
        for (JsonNode column : version.path("schema")) {
            if (column.path("name").asText().equals(name)) {
                return column.path("type").asText();
            }
        }
        throw new AssertionError("no column " + name);
    }
}
