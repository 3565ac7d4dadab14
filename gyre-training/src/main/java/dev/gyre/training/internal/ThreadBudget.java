package dev.gyre.training.internal;

import java.util.function.Supplier;

/**
 * What a {@code threads} parameter of 0 means on the current thread: every available core, unless the caller
 * gave this thread a smaller share with {@link #call(int, Supplier)} — as a search does for each trial, so
 * that {@code parallelism} trials at once do not ask for more threads than the machine has. An explicit
 * {@code threads} value is never changed by the budget. Trainers keep their results independent of the
 * number of threads (see the module's README), so the budget changes speed, not models.
 */
public final class ThreadBudget {

    private static final ThreadLocal<Integer> SHARE = new ThreadLocal<>();

    private ThreadBudget() {
    }

    /** The threads that {@code threads = 0} stands for here: the current share, else every available core. */
    public static int available() {
        Integer share = SHARE.get();
        return share != null ? share : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code body} on the current thread with {@code threads = 0} standing for {@code threads} workers.
     *
     * @param threads the share, at least 1
     */
    public static <T> T call(int threads, Supplier<T> body) {
        if (threads < 1) {
            throw new IllegalArgumentException("a thread share must be at least 1, not " + threads);
        }
        Integer previous = SHARE.get();
        SHARE.set(threads);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                SHARE.remove();
            } else {
                SHARE.set(previous);
            }
        }
    }
}
