package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every {@code gyre data} command teaches itself: a description, options and examples that fit a terminal. */
class DataHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"add", "list", "versions", "show", "get", "diff", "suggest", "validate", "override",
            "clean", "split", "import-dvc", "export-dvc"})
    void everyDataCommandHasADescriptionAndExamplesThatFitEightyColumns(String command) {
        CliRun.Result help = new CliRun().run("data", command, "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: gyre data " + command).contains("--project", "Examples:", "  gyre data ");
        String examples = help.out().substring(help.out().indexOf("Examples:"));
        assertThat(examples.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @Test
    void dataWithoutACommandListsTheCommands() {
        CliRun.Result result = new CliRun().run("data");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("gyre: 'gyre data' needs a command: add, list, versions, show, get, diff,");
    }

    @Test
    void dataIsAmongTheTopLevelCommands() {
        assertThat(new CliRun().run("--help").out()).contains("  data ");
    }
}
