package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gyre train} teaches itself and checks its command line before asking the platform anything. */
class TrainHelpTest {

    @TempDir
    Path tmp;

    @Test
    void helpShowsAnExampleTheSpecAndWhatRegisterDoes() {
        CliRun.Result help = new CliRun().run("train", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: gyre train")
                .contains("--spec", "--data", "--project", "--register", "--no-wait", "--json", "--poll-ms")
                .contains("examples/titanic/train.yaml", "gyre-training/README.md")
                .contains("gyre train --spec examples/titanic/train.yaml --data passengers-train@1")
                .contains("--register NAME registers the best trial's model")
                .contains("status", "list", "cancel");
        String examples = help.out().substring(help.out().indexOf("Examples:"));
        assertThat(examples.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThan(80));
        assertThat(new CliRun().run("--help").out()).contains("  train ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "list", "cancel"})
    void everySubcommandHasHelpWithExamples(String command) {
        CliRun.Result help = new CliRun().run("train", command, "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: gyre train " + command).contains("--project", "Examples:", "  gyre train ");
    }

    @Test
    void trainWithoutSpecDataAndProjectIsAUsageError() {
        CliRun.Result result = new CliRun().run("train", "--spec", "train.yaml");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("gyre: 'gyre train' needs --spec FILE, --data NAME@N and --project PROJECT")
                .contains("See 'gyre train --help'.");
    }

    @Test
    void aMissingSpecFileIsNamed() {
        Path missing = tmp.resolve("nope.yaml");
        CliRun.Result result = new CliRun().env("GYRE_URL", "http://127.0.0.1:1").env("GYRE_TOKEN", "t")
                .env("GYRE_CONFIG_DIR", tmp.toString())
                .run("train", "--spec", missing.toString(), "--data", "d@1", "--project", "p");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: No training spec file at " + missing + "; check the path.\n");
    }

    @Test
    void thePollIntervalMustBeSensible() {
        CliRun.Result result = new CliRun().run("train", "--spec", "s.yaml", "--data", "d@1", "-p", "p", "--poll-ms", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--poll-ms must be at least 10");
    }
}
