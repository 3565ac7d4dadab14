package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the quickstart tells its story, and the home it tells it in; no platform needed. */
class QuickstartNarrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void headingsAreNumberedOutOfTheStages() {
        assertThat(QuickstartNarration.heading(3, "The pipeline").strip()).isEqualTo("[3/6] The pipeline");
        assertThat(QuickstartNarration.detail("home", "/x")).isEqualTo("      home       /x");
    }

    @Test
    void anEventIsOneLineWithItsVerdictStandingOut() throws Exception {
        String passed = QuickstartNarration.event(json("{'type': 'checkpoint_passed', 'step': 'train', 'message':"
                + " 'the checkpoint after train (metrics.roc_auc >= 0.85) held: metrics.roc_auc = 0.861 >= 0.85'}"));
        String failed = QuickstartNarration.event(json("{'type': 'checkpoint_failed', 'step': 'promote',"
                + " 'message': 'promotion.status = pending'}"));
        String started = QuickstartNarration.event(json("{'type': 'run_started', 'step': null, 'message': 'manual'}"));

        assertThat(passed).isEqualTo("      PASSED    train           the checkpoint after train (metrics.roc_auc"
                + " >= 0.85) held: metrics.roc_auc = 0.861 >= 0.85");
        assertThat(failed).isEqualTo("      NOT MET   promote         promotion.status = pending");
        assertThat(started).isEqualTo("      start                     manual");
        assertThat(passed + failed + started).doesNotContain("\n");
        com.fasterxml.jackson.databind.node.ObjectNode begun = JSON.createObjectNode().put("type", "step_started")
                .put("step", "ingest").put("message", "step 'ingest' (ingest) started, pass 1, params {\"source\": 1}");
        assertThat(QuickstartNarration.event(begun))
                .isEqualTo("      running   ingest          step 'ingest' (ingest) started, pass 1");
        assertThat(QuickstartNarration.tag("approved")).isEqualTo("APPROVED");
        assertThat(QuickstartNarration.tag("something_new")).isEqualTo("something_new");
    }

    @Test
    void resultsAreFlattenedWithThreeDecimalsAndCapped() throws Exception {
        JsonNode results = json("{'metrics': {'roc_auc': 0.86123, 'roc_auc_fold1': 0.9, 'accuracy': 0.8}, 'trials': 6,"
                + " 'best': {'algorithm': 'gradient_boosting'}, 'derived': ['title'], 'rows': {'train': 711}}");

        assertThat(QuickstartNarration.results(results, 10)).isEqualTo("metrics.roc_auc 0.861, metrics.accuracy"
                + " 0.800, trials 6, best.algorithm gradient_boosting, derived [title], rows.train 711");
        assertThat(QuickstartNarration.results(results, 2)).isEqualTo("metrics.roc_auc 0.861, metrics.accuracy 0.800");
        assertThat(QuickstartNarration.results(json("{}"), 5)).isEmpty();
    }

    @Test
    void verdictsListEveryCheckpointAndDecisionThenTheOutcome() throws Exception {
        JsonNode run = json("{'status': 'succeeded', 'reason': null, 'events': ["
                + "{'type': 'step_succeeded', 'step': 'train', 'message': 'done'},"
                + "{'type': 'checkpoint_passed', 'step': 'train', 'message': 'roc_auc = 0.86 >= 0.85'},"
                + "{'type': 'checkpoint_failed', 'step': 'promote', 'message': 'pending'},"
                + "{'type': 'approved', 'step': 'promote', 'message': 'alice approved'}],"
                + "'outputs': {'train': {'model_version': 'titanic/1', 'run': 'r1'},"
                + " 'validate-model': {'model_version': 'titanic/1'}, 'deploy': {'deployment': 'titanic'}}}");

        assertThat(QuickstartNarration.verdicts("run 1", run)).containsExactly(
                List.of("run 1", "train", "PASSED", "roc_auc = 0.86 >= 0.85"),
                List.of("run 1", "promote", "NOT MET", "pending"),
                List.of("run 1", "promote", "APPROVED", "alice approved"),
                List.of("run 1", "-", "SUCCEEDED", ""));
        assertThat(QuickstartNarration.modelVersions(run)).containsExactly("titanic/1");
    }

    @Test
    void theSummaryShowsTheValuesACheckpointReadAndWhoDecided() {
        assertThat(QuickstartNarration.why("the checkpoint after 'train' (metrics.roc_auc >= 0.85) held:"
                + " metrics.roc_auc = 0.862 >= 0.85")).isEqualTo("metrics.roc_auc = 0.862 >= 0.85");
        assertThat(QuickstartNarration.why("the checkpoint after 'promote' (promotion.status == 'approved') did not"
                + " hold: promotion.status = 'pending' != 'approved'")).isEqualTo("promotion.status = 'pending' != 'approved'");
        assertThat(QuickstartNarration.why("alice (ml-engineer) approved the checkpoint after 'promote'"
                + " (promotion.status = 'pending' != 'approved'); continuing")).isEqualTo("alice (ml-engineer) approved");
        assertThat(QuickstartNarration.why(" step 'train' failed: no data ")).isEqualTo("step 'train' failed: no data");
    }

    @Test
    void topDriftedColumnsAreTheDriftedOnesInOrder() throws Exception {
        JsonNode status = json("{'columns': ["
                + "{'column': 'Age', 'test': 'ks', 'statistic': 0.61, 'drifted': true},"
                + "{'column': 'Sex', 'test': 'z', 'statistic': 0.2, 'drifted': false},"
                + "{'column': 'Fare', 'test': 'ks', 'statistic': 0.9, 'drifted': true}]}");

        assertThat(QuickstartNarration.topDrifted(status, 4)).containsExactly("Age (ks 0.610)", "Fare (ks 0.900)");
        assertThat(QuickstartNarration.topDrifted(status, 1)).containsExactly("Age (ks 0.610)");
        assertThat(QuickstartNarration.topDrifted(json("{'columns': []}"), 4)).containsExactly("none");
    }

    @Test
    void durationsReadAsMinutesAndSeconds() {
        assertThat(QuickstartNarration.duration(42_500)).isEqualTo("42s");
        assertThat(QuickstartNarration.duration(65_000)).isEqualTo("1m 05s");
    }

    @Test
    void theHomeGetsQuickMonitoringSettingsAndARetrainingDriftRule() throws Exception {
        Path home = QuickstartHome.prepare(tmp.resolve("new").toString());

        assertThat(Files.readString(home.resolve("gyre.yaml"))).contains("monitoring_window: 5s");
        assertThat(dev.gyre.server.config.ConfigLoader.load(java.util.Map.of("home", home.toString()),
                java.util.Map.of()).monitoring().minRows()).isEqualTo(30);
        assertThat(Files.readString(home.resolve("alerts.yaml"))).contains("retrain: true");
    }

    @Test
    void aHomeWithAPlatformOrAnythingElseIsRefusedWithTheFix() throws Exception {
        Path platform = Files.createDirectories(tmp.resolve("platform"));
        Files.writeString(platform.resolve("admin.token"), "gyr_x");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");

        CliRun.Result held = new CliRun().run("quickstart", "--exit", "--home", platform.toString(), "--port", "0",
                "--pipeline", pipeline().toString());
        CliRun.Result notEmpty = new CliRun().run("quickstart", "--exit", "--home", other.toString(), "--port", "0",
                "--pipeline", pipeline().toString());

        assertThat(held.exitCode()).as(held.toString()).isEqualTo(1);
        assertThat(held.err()).contains("already holds a Gyre platform").contains("--home")
                .contains("gyre server --home " + platform);
        assertThat(notEmpty.exitCode()).isEqualTo(1);
        assertThat(notEmpty.err()).contains("is not empty").contains("--home");
        assertThat(Files.readString(other.resolve("notes.txt"))).isEqualTo("mine");
        assertThat(other.resolve("gyre.yaml")).doesNotExist();
    }

    static Path pipeline() throws Exception {
        return Path.of(QuickstartNarrationTest.class.getResource("/quickstart-test/pipeline.yaml").toURI());
    }
}
