package dev.gyre.tracking.search.index;

/**
 * Thrown inside the index when a search (or an experiment) is outside what it can answer exactly; the
 * search then runs in SQL. Carries no stack trace: it is an expected outcome, not an error.
 */
final class Unanswerable extends RuntimeException {

    private final boolean permanent;

    /** A search the index cannot answer; other searches of the experiment may still use it. */
    Unanswerable(String reason) {
        this(reason, false);
    }

    private Unanswerable(String reason, boolean permanent) {
        super(reason, null, false, false);
        this.permanent = permanent;
    }

    /** An experiment the index cannot hold (too large, or runs it cannot order) until it is invalidated. */
    static Unanswerable experiment(String reason) {
        return new Unanswerable(reason, true);
    }

    boolean permanent() {
        return permanent;
    }
}
