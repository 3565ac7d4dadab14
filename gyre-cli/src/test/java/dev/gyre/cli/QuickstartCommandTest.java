package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gyre quickstart --exit} in-process on a new home and a free port: every stage is told, each checkpoint's
 * verdict shows, drift fires the alert whose retraining run the platform starts, and the command exits 0. Once
 * with the example's own pipeline, as the README runs it; once with a pipeline of the same stages and tiny budgets
 * given with {@code --pipeline}, whose ingest step takes the deployment's feedback, so the retraining run trains a
 * challenger on new data and compares it with the champion.
 */
class QuickstartCommandTest {

    @TempDir
    Path tmp;

    @Test
    void tellsTheExamplesLifecycleFromDataToRetrainingAndExitsZero() {
        CliRun.Result result = quickstart();

        assertTold(result, "validate-data", "train", "validate-model");
    }

    @Test
    void aGivenPipelineRunsWithItsFilesAndTheRetrainingRunChallengesTheChampion() throws Exception {
        CliRun.Result result = quickstart("--pipeline", QuickstartNarrationTest.pipeline().toString());

        assertTold(result, "validate-data", "train", "validate-model");
        assertThat(result.out()).contains("challenger titanic/2 against the champion version 1")
                .containsPattern("models +titanic/1, titanic/2");
    }

    private CliRun.Result quickstart(String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"quickstart", "--exit", "--home", tmp.resolve("home").toString(), "--port", "0"},
                0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return new CliRun().env("GYRE_CONFIG_DIR", tmp.resolve("config").toString()).run(args);
    }

    private void assertTold(CliRun.Result result, String... checkpoints) {
        String out = result.out();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (int stage = 1; stage <= QuickstartNarration.STAGES; stage++) {
            assertThat(out).as(result.toString()).contains("[" + stage + "/" + QuickstartNarration.STAGES + "]");
        }
        for (String step : checkpoints) {
            assertThat(out).as(step).containsPattern(Pattern.compile("PASSED +" + Pattern.quote(step) + " +\\S"));
        }
        assertThat(out).containsPattern("NOT MET +promote +\\S").containsPattern("APPROVED +promote");
        assertThat(out).contains("alice, a second person (ml-engineer)")
                .contains("promotion request 1 (titanic version 1 to 'production', asked by admin): approved by alice");
        assertThat(out).containsPattern("ALERT +dataset_drift fired: drift_share");
        assertThat(out).containsPattern("the platform started run \\S+ of pipeline 'titanic' \\(trigger"
                + " alert:dataset_drift\\)");
        assertThat(out).containsPattern("run 2 \\(alert:dataset_drift\\) +- +SUCCEEDED");
        assertThat(out).contains("/api/docs").contains("/metrics").contains("/api/v1/models/titanic/versions/1/card")
                .contains("/api/v1/deployments/titanic/monitoring/report?format=html&window=1h")
                .contains(tmp.resolve("home").resolve("admin.token").toString());
        assertThat(out).contains("Stopping the platform (--exit)");
    }
}
