package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelling over HTTP: two domain experts label 20 Titanic rows, their agreement is what the hand computation
 * below says, a reviewer settles the disagreements, and the final labels become a new version.
 */
class LabelApiTest {

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static String sam;
    static String sue;
    static String ed;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        ana = platform.userWithRole("ana", "data-scientist");
        sam = platform.userWithRole("sam", "sme");
        sue = platform.userWithRole("sue", "sme");
        ed = platform.userWithRole("ed", "data-engineer");
        assertThat(platform.post("/api/v1/projects", ana, "{\"name\":\"titanic\"}").status()).isEqualTo(201);
        for (String[] member : new String[][] {{"sam", "sme"}, {"sue", "sme"}, {"ed", "data-engineer"}}) {
            assertThat(platform.post("/api/v1/projects/titanic/members", ana,
                    "{\"username\":\"" + member[0] + "\",\"role\":\"" + member[1] + "\"}").status()).isEqualTo(201);
        }
        TestPlatform.Reply added = DataApiTestSupport.add(platform, ana, "titanic", "passengers",
                Files.readAllBytes(DataApiTest.TITANIC), "file:titanic.csv");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** Annotator A: rows 0–9 "1", rows 10–19 "0". B: the same except rows 8 and 9 ("0") and row 10 ("1"). */
    static String label(String who, int row) {
        boolean a = row < 10;
        boolean b = who.equals("sue") && (row == 8 || row == 9 || row == 10) ? !a : a;
        return (who.equals("sam") ? a : b) ? "1" : "0";
    }

    @Test
    void twoExpertsLabelTwentyRowsTheirKappaMatchesAndTheLabelsBecomeAVersion() {
        String tasks = "/api/v1/projects/titanic/label-tasks";
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rows.append(i == 0 ? "" : ",").append(i);
        }
        TestPlatform.Reply created = platform.post(tasks, ana, "{\"name\":\"survival-check\",\"dataset\":\"passengers@1\","
                + "\"label_column\":\"expert_survived\",\"labels\":[\"0\",\"1\"],\"annotators_per_item\":2,\"rows\":[" + rows + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = Json.parse(created.body()).path("id").asLong();
        String task = tasks + "/" + id;

        TestPlatform.Reply notExpert = platform.post(task + "/assignees", ana, "{\"username\":\"ed\"}");
        assertThat(notExpert.status()).as(notExpert.body()).isEqualTo(403);
        assertThat(platform.post(task + "/assignees", ana, "{\"username\":\"sam\"}").status()).isEqualTo(201);
        assertThat(platform.post(task + "/assignees", ana, "{\"username\":\"sue\"}").status()).isEqualTo(201);

        TestPlatform.Reply items = platform.get(task + "/items?limit=5", sam);
        assertThat(items.status()).as(items.body()).isEqualTo(200);
        JsonNode first = Json.parse(items.body()).path("items").get(0);
        assertThat(first.path("values").path("Name").asText()).isEqualTo("Braund, Mr. Owen Harris");
        assertThat(Json.parse(items.body()).path("unlabelled").asInt()).isEqualTo(20);

        for (String who : new String[] {"sam", "sue"}) {
            String token = who.equals("sam") ? sam : sue;
            for (int row = 0; row < 20; row++) {
                TestPlatform.Reply labelled = platform.send("PUT", task + "/items/" + row + "/label", token,
                        "{\"label\":\"" + label(who, row) + "\"}");
                assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
            }
        }
        assertThat(platform.send("PUT", task + "/items/0/label", ed, "{\"label\":\"1\"}").status()).isEqualTo(403);

        // 17 of 20 agree: p_o = 0.85. Sam says "1" on 10 rows (0.50), Sue on 9 (0.45):
        // p_e = 0.50·0.45 + 0.50·0.55 = 0.50, so Cohen's kappa = (0.85 − 0.50) / (1 − 0.50) = 0.70.
        JsonNode agreement = Json.parse(platform.get(task, ana).body()).path("agreement");
        assertThat(agreement.path("percent_agreement").asDouble()).isCloseTo(0.85, within(1e-12));
        assertThat(agreement.path("cohens_kappa").asDouble()).isCloseTo(0.70, within(1e-12));

        for (int row : new int[] {8, 9, 10}) {
            TestPlatform.Reply review = platform.post(task + "/items/" + row + "/review", ana,
                    "{\"accepted\":true,\"label\":\"" + label("sam", row) + "\",\"comment\":\"checked the passenger list\"}");
            assertThat(review.status()).as(review.body()).isEqualTo(200);
        }
        TestPlatform.Reply finished = platform.post(task + "/finish", ana, "{\"name\":\"passengers-labelled\"}");
        assertThat(finished.status()).as(finished.body()).isEqualTo(201);
        JsonNode version = Json.parse(finished.body()).path("version");
        assertThat(version.path("step").asText()).isEqualTo("label");
        assertThat(version.path("parents").get(0).asText()).isEqualTo("passengers@1");
        assertThat(version.path("row_count").asLong()).isEqualTo(891);

        String ref = URLEncoder.encode(version.path("ref").asText(), StandardCharsets.UTF_8);
        String csv = platform.get("/api/v1/projects/titanic/data/versions/" + ref + "/content", ana).body();
        java.util.List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).endsWith(",expert_survived");
        for (int row = 0; row < 20; row++) {
            assertThat(lines.get(row + 1)).as("row %d", row).endsWith("," + label("sam", row));
        }
        assertThat(lines.get(21)).endsWith(",");
    }
}
