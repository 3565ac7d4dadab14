package dev.gyre.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The git commit a file was taken from: {@code git rev-parse HEAD} in its folder, when that folder is in a git
 * work tree and git is installed; and whether the work tree changed the file since that commit.
 */
final class GitCommit {

    static final long TIMEOUT_SECONDS = 5;

    /** The commit, and whether the file differs from it (uncommitted changes, or not in the commit at all). */
    record Found(String commit, boolean fileChanged) {
    }

    private GitCommit() {
    }

    /** What git says about {@code file}; {@code null} when git is missing, slow or the folder is not in a repository. */
    static Found of(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder == null) {
            return null;
        }
        String head = git(folder, List.of("rev-parse", "--verify", "-q", "HEAD"));
        if (head == null || !head.strip().matches("[0-9a-f]{40}([0-9a-f]{24})?")) {
            return null;
        }
        String status = git(folder, List.of("status", "--porcelain", "--", absolute.getFileName().toString()));
        return new Found(head.strip(), status == null || !status.isBlank());
    }

    /** Runs git in {@code folder}; its standard output, or {@code null} if it could not run, failed or took too long. */
    private static String git(Path folder, List<String> args) {
        List<String> command = new java.util.ArrayList<>();
        command.add("git");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
        Process process;
        try {
            process = builder.start();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            if (process.exitValue() != 0) {
                return null;
            }
            // small outputs only (a hash, one status line): they fit the pipe, so waiting first cannot block git
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        } finally {
            process.destroy();
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
