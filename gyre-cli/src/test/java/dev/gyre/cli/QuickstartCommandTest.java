package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gyre quickstart --exit} in-process on a new home and a free port, with a pipeline of the example's stages
 * and small training budgets: every stage is told, each checkpoint's verdict shows, drift fires the alert whose
 * retraining run the platform starts, and the command exits 0.
 */
class QuickstartCommandTest {

    @TempDir
    Path tmp;

    @Test
    void tellsTheLifecycleFromDataToRetrainingAndExitsZero() throws Exception {
        CliRun.Result result = new CliRun().env("GYRE_CONFIG_DIR", tmp.resolve("config").toString())
                .run("quickstart", "--exit", "--home", tmp.resolve("home").toString(), "--port", "0",
                        "--pipeline", QuickstartNarrationTest.pipeline().toString());

        String out = result.out();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (int stage = 1; stage <= QuickstartNarration.STAGES; stage++) {
            assertThat(out).as(result.toString()).contains("[" + stage + "/" + QuickstartNarration.STAGES + "]");
        }
        for (String step : new String[] {"validate-data", "train", "validate-model"}) {
            assertThat(out).as(step).containsPattern(Pattern.compile("PASSED +" + Pattern.quote(step) + " +\\S"));
        }
        assertThat(out).containsPattern("NOT MET +promote +\\S").containsPattern("APPROVED +promote");
        assertThat(out).contains("alice, a second person (ml-engineer)");
        assertThat(out).containsPattern("ALERT +dataset_drift fired: drift_share");
        assertThat(out).containsPattern("the platform started run \\S+ of pipeline 'titanic' \\(trigger alert:dataset_drift\\)");
        assertThat(out).contains("challenger").contains("champion");
        assertThat(out).contains("/api/docs").contains("/metrics").contains("/card")
                .contains("/api/v1/deployments/titanic/monitoring/report?format=html&window=1h")
                .contains(tmp.resolve("home").resolve("admin.token").toString());
        assertThat(out).contains("Stopping the platform (--exit)");
    }
}
