package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.client.TrainingClient;
import dev.gyre.client.TrainingJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre train}: a training spec searched over a train split on the platform, followed until it ends. */
@Command(name = "train",
        description = {"Train on the platform (stage 4): submit a training spec and a train split as a training job, "
                + "follow its trials with a progress bar, and print the leaderboard when it ends.",
                "The spec is YAML: target, task, metric, features, cross-validation folds, the search (sampler, "
                        + "max_trials) and the algorithms with their parameter ranges. See examples/titanic/train.yaml "
                        + "and gyre-training/README.md.",
                "Every trial is a child run of one parent run in the spec's experiment; with --register the best "
                        + "trial's model becomes a new version of that registered model.",
                "The git commit of the folder holding the spec is recorded with the runs when it is a git work tree.",
                "Ctrl-C while waiting cancels the job on the platform. Exit code 0 when the job succeeded, 1 when it "
                        + "failed or was cancelled."},
        subcommands = {
                TrainCommand.Status.class,
                TrainCommand.ListJobs.class,
                TrainCommand.Cancel.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre data split passengers@1 -p titanic --method stratified \\",
                "      --column Survived --train 0.8 --test 0.2   # makes passengers-train@1",
                "  gyre train --spec examples/titanic/train.yaml --data passengers-train@1 \\",
                "      --project titanic --register titanic",
                "  gyre train --spec train.yaml --data passengers-train@1 -p titanic --no-wait",
                "  gyre train status $JOB -p titanic",
                "  gyre train list -p titanic",
                "  gyre train cancel $JOB -p titanic",
                "",
                "--register NAME registers the best trial's model (runs:/<trial run>/model) as a",
                "new version of the registered model NAME, creating it if needed; promote it",
                "later with `gyre models promote`."})
final class TrainCommand extends PlatformCommand {

    @Option(names = "--spec", paramLabel = "FILE", order = 1,
            description = "The training spec, YAML (e.g. examples/titanic/train.yaml).")
    Path specFile;

    @Option(names = "--data", paramLabel = "NAME@N", order = 2,
            description = "The data version to train on: a train split (`gyre data split`) or an unsplit version.")
    String data;

    @Option(names = {"-p", "--project"}, paramLabel = "PROJECT", order = 3,
            description = "The project to train in (see `gyre project list`).")
    String project;

    @Option(names = "--register", paramLabel = "MODEL", order = 4,
            description = "Register the best trial's model as a new version of this registered model.")
    String register;

    @Option(names = "--no-wait", order = 5,
            description = "Submit and print the job id without waiting; follow it with `gyre train status`.")
    boolean noWait;

    @Option(names = "--json", order = 6,
            description = "Print the final job (or, with --no-wait, the submitted one) as JSON instead of the leaderboard.")
    boolean json;

    @Option(names = "--poll-ms", paramLabel = "MILLIS", order = 7, defaultValue = "1000",
            description = "How often to ask the platform how the job is doing, in milliseconds. Default: ${DEFAULT-VALUE}.")
    long pollMillis;

    @Override
    void run() {
        if (specFile == null || data == null || project == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'gyre train' needs --spec FILE, --data NAME@N"
                    + " and --project PROJECT (or a command: status, list, cancel)");
        }
        if (pollMillis < 10) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--poll-ms must be at least 10");
        }
        String yaml = DataValidateCommands.read(specFile, "training spec");
        String commit = gitCommit(specFile, cli().err);
        GyreClient client = client();
        TrainingClient training = client.training();
        TrainingJob job = training.submit(project, yaml, data, register, commit);
        if (noWait) {
            if (json) {
                output().json(job);
            } else {
                output().line("Submitted training job " + job.jobId() + " on " + data + " (" + job.status() + ").");
                output().line("Follow it with `gyre train status " + job.jobId() + " -p " + project + "`.");
            }
            return;
        }
        PrintStream err = cli().err;
        err.println("Training job " + job.jobId() + " submitted; Ctrl-C cancels it.");
        TrainingJob done = follow(training, project, job.jobId(), Duration.ofMillis(pollMillis), err, cli().progress);
        if (json) {
            output().json(done);
        } else {
            TrainingReport.print(output(), done);
        }
        checkSucceeded(done);
    }

    /** Waits for the job, drawing progress, and cancels it on the platform if the process is stopped meanwhile. */
    static TrainingJob follow(TrainingClient training, String project, String jobId, Duration poll, PrintStream err,
                              boolean terminal) {
        TrainingProgress progress = new TrainingProgress(err, terminal);
        try (CancelOnExit guard = new CancelOnExit(() -> cancelOnExit(training, project, jobId, err, progress))) {
            return training.await(project, jobId, poll, progress);
        } catch (GyreClientException e) {
            throw new CliException(e.getMessage() + " Training job " + jobId + " may still be running on the platform:"
                    + " see `gyre train status " + jobId + " -p " + project + "`.", e);
        } finally {
            synchronized (progress) {
                progress.finish();
            }
        }
    }

    static void cancelOnExit(TrainingClient training, String project, String jobId, PrintStream err,
                             TrainingProgress progress) {
        synchronized (progress) {
            progress.finish();
        }
        try {
            TrainingJob cancelled = training.cancel(project, jobId);
            err.println("gyre: interrupted; cancelled training job " + jobId + " on the platform (" + cancelled.status() + ").");
        } catch (GyreClientException e) {
            err.println("gyre: interrupted; could not cancel training job " + jobId + ": " + Main.oneLine(e.getMessage()));
        }
        err.flush();
    }

    /** Exit code 1 with the job's error when it did not succeed. */
    static void checkSucceeded(TrainingJob job) {
        if (job.isSucceeded()) {
            return;
        }
        if ("cancelled".equals(job.status())) {
            throw new CliException("Training job " + job.jobId() + " was cancelled.");
        }
        String message = job.error() == null || job.error().message() == null ? "no reason given"
                : job.error().message();
        throw new CliException("Training job " + job.jobId() + " " + job.status() + ": " + message);
    }

    /** The commit to record for the spec, warning when the spec has changes the commit does not hold. */
    static String gitCommit(Path specFile, PrintStream err) {
        GitCommit.Found found = GitCommit.of(specFile);
        if (found == null) {
            return null;
        }
        if (found.fileChanged()) {
            err.println("gyre: warning: " + specFile + " has changes that are not committed; the commit "
                    + found.commit().substring(0, 12) + " recorded with the runs does not describe this spec exactly.");
        }
        return found.commit();
    }

    /** Runs {@code cancel} if the process is stopped (Ctrl-C, SIGTERM) before it is closed. */
    static final class CancelOnExit implements AutoCloseable {
        private final Thread hook;
        private volatile boolean closed;

        CancelOnExit(Runnable cancel) {
            this.hook = new Thread(() -> {
                if (!closed) {
                    cancel.run();
                }
            }, "gyre-train-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    /** A {@code gyre train} command about one project's jobs. */
    abstract static class JobsCommand extends PlatformCommand {
        @Option(names = {"-p", "--project"}, required = true, paramLabel = "PROJECT", order = 90,
                description = "The project the jobs belong to.")
        String project;

        TrainingClient training() {
            return client().training();
        }
    }

    @Command(name = "status",
            description = "Show a training job: how far it is, its best trial, and the leaderboard once it has ended.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre train status $JOB -p titanic", "  gyre train status $JOB -p titanic --json"})
    static final class Status extends JobsCommand {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job id, as `gyre train` and `gyre train list` show it.")
        String jobId;

        @Option(names = "--json", description = "Print the job as JSON.")
        boolean json;

        @Override
        void run() {
            TrainingJob job = training().get(project, jobId);
            if (json) {
                output().json(job);
                return;
            }
            if (job.isFinished()) {
                TrainingReport.print(output(), job);
            } else {
                output().line(TrainingReport.progressLine(job, true));
                if (job.parentRunId() != null) {
                    output().line("Parent run: " + job.parentRunId() + (job.experimentId() == null ? ""
                            : " in experiment " + job.experimentId()));
                }
            }
        }
    }

    @Command(name = "list",
            description = "List a project's training jobs.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre train list -p titanic", "  gyre train list -p titanic --json"})
    static final class ListJobs extends JobsCommand {
        @Option(names = "--json", description = "Print the jobs as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<TrainingJob> jobs = training().list(project);
            if (json) {
                output().json(jobs);
                return;
            }
            output().table(List.of("JOB", "STATUS", "DATA", "TRIALS", "BEST", "ELAPSED", "CREATED", "BY"), jobs.stream()
                    .map(j -> List.of(j.jobId(), j.status(), j.data() == null ? "-" : j.data(),
                            j.maxTrials() > 0 ? j.trialsFinished() + "/" + j.maxTrials() : String.valueOf(j.trialsFinished()),
                            j.best() == null || j.best().mean() == null ? "-"
                                    : TrainingReport.metricName(j) + " " + TrainingReport.number(j.best().mean()),
                            TrainingReport.duration(j.elapsedSeconds()), Output.time(j.createdAt()),
                            j.createdBy() == null ? "-" : j.createdBy()))
                    .toList());
        }
    }

    @Command(name = "cancel",
            description = "Cancel a queued or running training job; trials that finished stay recorded.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre train cancel $JOB -p titanic"})
    static final class Cancel extends JobsCommand {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
        String jobId;

        @Override
        void run() {
            TrainingJob job = training().cancel(project, jobId);
            output().line("cancelled".equals(job.status()) ? "Cancelled training job " + jobId + "."
                    : "Cancelling training job " + jobId + " (" + job.status() + ").");
        }
    }
}
