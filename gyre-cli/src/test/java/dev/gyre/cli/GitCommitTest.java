package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit recorded for a training spec: from git in the spec's folder, with a warning when the spec changed. */
class GitCommitTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private static String git(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }

    private static boolean gitInstalled() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aCommittedSpecGivesHeadWithoutAWarningAndAChangedOneWarns() throws Exception {
        assumeTrue(gitInstalled(), "git is installed");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        git(repo, "init", "-q");
        Path spec = Files.createDirectories(repo.resolve("specs")).resolve("train.yaml");
        Files.writeString(spec, "target: y\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "spec");
        String head = git(repo, "rev-parse", "HEAD");

        assertThat(TrainCommand.gitCommit(spec, errStream)).isEqualTo(head);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

        Files.writeString(spec, "target: z\n");
        assertThat(TrainCommand.gitCommit(spec, errStream)).isEqualTo(head);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("gyre: warning: " + spec + " has changes that are"
                + " not committed; the commit " + head.substring(0, 12) + " recorded with the runs does not describe"
                + " this spec exactly.\n");

        err.reset();
        Path untracked = repo.resolve("specs/other.yaml");
        Files.writeString(untracked, "target: y\n");
        assertThat(TrainCommand.gitCommit(untracked, errStream)).isEqualTo(head);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("warning: " + untracked);
    }

    @Test
    void outsideARepositoryNoCommitIsSent() throws Exception {
        Path spec = tmp.resolve("train.yaml");
        Files.writeString(spec, "target: y\n");
        assertThat(GitCommit.of(spec)).isNull();
        Path noCommits = Files.createDirectories(tmp.resolve("empty"));
        if (gitInstalled()) {
            git(noCommits, "init", "-q");
        }
        Files.writeString(noCommits.resolve("train.yaml"), "target: y\n");
        assertThat(GitCommit.of(noCommits.resolve("train.yaml"))).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
