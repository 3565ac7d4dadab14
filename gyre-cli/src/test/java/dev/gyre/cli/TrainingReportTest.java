package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.client.RegisteredVersion;
import dev.gyre.client.TrainingError;
import dev.gyre.client.TrainingJob;
import dev.gyre.client.TrainingTrial;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a training job looks: the progress line while it runs and the leaderboard at the end. */
class TrainingReportTest {

    static TrainingTrial trial(int number, String algorithm, Map<String, Object> params, String status, Double mean,
                               List<Double> folds, String reason, double seconds) {
        return new TrainingTrial(number, algorithm, params, status, mean, folds, reason, seconds);
    }

    static TrainingJob job(String status, int finished, int max, int failed, int pruned, TrainingTrial best,
                           double elapsed, Double eta, List<TrainingTrial> leaderboard, RegisteredVersion registered,
                           TrainingError error) {
        return new TrainingJob("7", "titanic", status, false, "passengers-train@1", "3", "parent-run", "roc_auc", finished,
                max, failed, pruned, best, elapsed, eta, leaderboard, registered == null ? null : registered.name(), registered,
                error, "admin", null);
    }

    static final TrainingTrial BEST = trial(4, "gradient_boosting", params("n_estimators", 200, "learning_rate", 0.0712345,
            "max_depth", 3), "completed", 0.86123, List.of(0.85, 0.87, 0.86), "", 2.34);

    static Map<String, Object> params(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    // ------------------------------------------------------------------ progress line

    @Test
    void aRunningJobWithABudgetAndAnEtaShowsGaugeTrialsBestElapsedAndEta() {
        TrainingJob job = job("running", 5, 12, 0, 0, BEST, 42.4, 63.0, List.of(), null, null);

        assertThat(TrainingReport.progressLine(job, true)).isEqualTo(
                "running  [########............]  5/12 trials  best roc_auc 0.8612  elapsed 42s  ETA 1m03s");
        assertThat(TrainingReport.progressLine(job, false)).isEqualTo(
                "running  5/12 trials  best roc_auc 0.8612  elapsed 42s  ETA 1m03s");
    }

    @Test
    void withoutABudgetTheTrialsAreCountedAndWithoutAnEtaNoneIsShown() {
        TrainingJob job = job("running", 1, 0, 0, 0, null, 3725, null, List.of(), null, null);

        assertThat(TrainingReport.progressLine(job, true)).isEqualTo("running  1 trial  elapsed 1h02m");
        assertThat(TrainingReport.progressLine(job("running", 9, 0, 2, 3, BEST, 61, 30.0, List.of(), null, null), true))
                .isEqualTo("running  9 trials (2 failed, 3 pruned)  best roc_auc 0.8612  elapsed 1m01s  ETA 30s");
    }

    @Test
    void aQueuedJobShowsAnEmptyGaugeAndAFinishedOneNoEta() {
        assertThat(TrainingReport.progressLine(job("queued", 0, 12, 0, 0, null, 0.2, null, List.of(), null, null), true))
                .isEqualTo("queued  [....................]  0/12 trials  elapsed 0s");
        assertThat(TrainingReport.progressLine(job("succeeded", 12, 12, 0, 0, BEST, 100, 0.0, List.of(), null, null), true))
                .isEqualTo("succeeded  [####################]  12/12 trials  best roc_auc 0.8612  elapsed 1m40s");
    }

    @Test
    void onATerminalTheLineIsRedrawnElsewhereALineIsPrintedPerChange() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TrainingProgress plain = new TrainingProgress(err, false);
        plain.accept(job("running", 1, 12, 0, 0, null, 1, null, List.of(), null, null));
        plain.accept(job("running", 1, 12, 0, 0, null, 2, null, List.of(), null, null));
        plain.accept(job("running", 2, 12, 0, 0, BEST, 3, 20.0, List.of(), null, null));
        plain.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "running  1/12 trials  elapsed 1s\n"
                        + "running  2/12 trials  best roc_auc 0.8612  elapsed 3s  ETA 20s\n");

        bytes.reset();
        TrainingProgress terminal = new TrainingProgress(err, true);
        terminal.accept(job("running", 2, 12, 0, 0, BEST, 3, 20.0, List.of(), null, null));
        terminal.accept(job("running", 2, 12, 0, 0, BEST, 4, null, List.of(), null, null));
        terminal.finish();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn.split("\r", -1)).hasSize(3);
        assertThat(drawn).contains("[###.................]  2/12 trials").endsWith("elapsed 4s" + " ".repeat("  ETA 20s".length()) + "\n");
    }

    // ------------------------------------------------------------------ leaderboard

    @Test
    void theLeaderboardRanksCompletedTrialsAndAbbreviatesParams() {
        List<TrainingTrial> board = List.of(BEST,
                trial(0, "random_forest", params("n_trees", 150, "max_depth", 8, "min_samples_leaf", 2,
                        "max_features", "sqrt", "bootstrap", true), "completed", 0.8501, List.of(0.84, 0.86), "", 0.51),
                trial(2, "logistic_regression", params("c", 0.000012), "pruned", 0.7, List.of(0.7), "worse than median", 0.1),
                trial(3, "random_forest", params(), "failed", null, List.of(), "out of memory\nat fold 2", 0.0));
        TrainingJob job = job("succeeded", 4, 12, 1, 1, BEST, 10, null, board,
                new RegisteredVersion("titanic", 2, "runs:/best-run/model", "best-run"), null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        TrainingReport.print(new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8)), job);

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("RANK +TRIAL +ALGORITHM +ROC_AUC +STD +STATUS +SECONDS +PARAMS");
        assertThat(lines.get(1)).matches("1 +4 +gradient_boosting +0\\.8612 +0\\.0100 +completed +2\\.3 +"
                + "n_estimators=200, learning_rate=0\\.0712, max_depth=3");
        assertThat(lines.get(2)).matches("2 +0 +random_forest +0\\.8501 +0\\.0141 +completed +0\\.5 +"
                + "n_trees=150, max_depth=8, min_samples_leaf=2, max_featu…");
        assertThat(lines.get(2).substring(lines.get(2).indexOf("n_trees"))).hasSize(TrainingReport.PARAMS_WIDTH);
        assertThat(lines.get(3)).matches("- +2 +logistic_regression +0\\.7000 +- +pruned +0\\.1 +c=1\\.20e-05");
        assertThat(lines.get(4)).matches("- +3 +random_forest +- +- +failed +0\\.0 +-");
        assertThat(lines.subList(5, lines.size())).containsExactly(
                "Trial 3 (random_forest) failed: out of memory at fold 2",
                "",
                "Training job 7 succeeded on passengers-train@1: 4 trials in 10s.",
                "Best: trial 4 gradient_boosting, roc_auc 0.8612 ± 0.0100 (n_estimators=200, learning_rate=0.0712, max_depth=3)",
                "Parent run: parent-run in experiment 3 (trials are its child runs)",
                "Registered: titanic version 2 from runs:/best-run/model");
    }

    @Test
    void aFailedJobWithoutTrialsSaysWhy() {
        TrainingJob job = job("failed", 0, 12, 0, 0, null, 1, null, List.of(), null,
                new TrainingError("INVALID_PARAMETER_VALUE", "column 'Survived' is not in passengers-train@1"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        TrainingReport.print(new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8)), job);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "Training job 7 failed on passengers-train@1: 0 trials in 1s.\n"
                        + "Error: column 'Survived' is not in passengers-train@1\n"
                        + "Parent run: parent-run in experiment 3 (trials are its child runs)\n");
    }
}
