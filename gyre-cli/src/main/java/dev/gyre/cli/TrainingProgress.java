package dev.gyre.cli;

import dev.gyre.client.TrainingJob;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Shows a running training job on standard error: on a terminal one line redrawn at every poll (with a gauge
 * and the clock running); otherwise a plain line each time something changes (status, trials, best score), so
 * logs stay readable.
 */
final class TrainingProgress implements Consumer<TrainingJob> {

    private final PrintStream err;
    private final boolean terminal;
    private final ProgressBar bar;
    private String lastState;

    TrainingProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.bar = new ProgressBar(err, "train", terminal);
    }

    @Override
    public void accept(TrainingJob job) {
        if (terminal) {
            bar.redraw(TrainingReport.progressLine(job, true));
            return;
        }
        String state = job.status() + "|" + job.trialsFinished() + "|" + job.trialsFailed() + "|" + job.trialsPruned()
                + "|" + (job.best() == null ? null : job.best().mean());
        if (!Objects.equals(state, lastState)) {
            lastState = state;
            err.println(TrainingReport.progressLine(job, false));
            err.flush();
        }
    }

    /** Ends the redrawn line, if any. */
    void finish() {
        bar.finish();
    }
}
