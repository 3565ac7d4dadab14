package dev.gyre.cli;

import dev.gyre.client.TransferListener;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on standard error, redrawn in place; silent for small or non-terminal transfers. */
final class ProgressBar implements TransferListener {

    static final long MIN_SIZE = 1024 * 1024;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private final boolean enabled;
    private int lastPermille = -1;
    private long lastDrawnBytes = -1;
    private boolean drawn;
    private int lastLength;

    ProgressBar(PrintStream err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    @Override
    public void progress(long done, long total) {
        if (!enabled || (total >= 0 && total < MIN_SIZE)) {
            return;
        }
        if (total > 0) {
            int permille = (int) Math.min(1000, done * 1000 / total);
            if (permille == lastPermille) {
                return;
            }
            lastPermille = permille;
            int filled = permille * WIDTH / 1000;
            err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%%  %s / %s", label, "#".repeat(filled),
                    ".".repeat(WIDTH - filled), permille / 10, Output.size(done), Output.size(total)));
        } else {
            if (lastDrawnBytes >= 0 && done - lastDrawnBytes < 256 * 1024) {
                return;
            }
            lastDrawnBytes = done;
            err.print("\r" + label + " " + Output.size(done) + "   ");
        }
        err.flush();
        drawn = true;
    }

    /**
     * Draws {@code line} over the one drawn before (padding out what is left of a longer one). Unlike
     * {@link #progress} it ignores {@link #MIN_SIZE} and whether bars are on; callers decide that.
     */
    void redraw(String line) {
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
        drawn = true;
    }

    /** {@code [#####.....]}: {@code done} of {@code total} as a gauge of {@code width} characters. */
    static String gauge(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, Math.max(0, done) * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** Ends the bar's line, if one was drawn. */
    void finish() {
        if (drawn) {
            err.println();
            drawn = false;
            lastLength = 0;
        }
    }
}
