package dev.gyre.store.db;

import dev.gyre.core.GyreException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns a failure of the metadata database into Gyre's error hierarchy, once, at the boundary of
 * every JDBC-backed service.
 */
public final class StoreFailures {

    /** A statement cancelled by a timeout (both databases). */
    private static final String QUERY_CANCELED = "57014";

    private StoreFailures() {
    }

    /**
     * A {@link GyreException} passes through unchanged. Otherwise: every pooled connection busy for the
     * whole wait → {@link GyreException.NotReady} "busy"; the database unreachable →
     * {@link GyreException.NotReady} "cannot be reached"; a statement cancelled by a timeout →
     * {@link GyreException.NotReady} "took too long"; a value longer than its column →
     * {@link GyreException.InvalidArgument}; anything else → {@link GyreException.Internal}
     * "Unable to {action}". Messages never carry SQL or connection details (the cause is logged).
     */
    public static GyreException wrap(String action, RuntimeException e) {
        if (e instanceof GyreException gyre) {
            return gyre;
        }
        if (poolExhausted(e)) {
            return new GyreException.NotReady("Unable to " + action + ": the metadata database is busy (every connection"
                    + " was in use for the whole wait). Retry in a moment; an operator can raise the pool size.", e);
        }
        if (SqlSupport.hasSqlState(e, QUERY_CANCELED)) {
            return new GyreException.NotReady("Unable to " + action + ": the metadata database took too long and the"
                    + " statement was cancelled. Retry in a moment, or narrow the request (a smaller page, a tighter filter).", e);
        }
        if (SqlSupport.isConnectionFailure(e)) {
            return new GyreException.NotReady("Unable to " + action + ": the metadata database cannot be reached."
                    + " Check that it is running and retry.", e);
        }
        if (SqlSupport.hasSqlState(e, SqlSupport.VALUE_TOO_LONG)) {
            return new GyreException.InvalidArgument("Unable to " + action + ": a value is longer than its limit."
                    + " Shorten it.", e);
        }
        return new GyreException.Internal("Unable to " + action + ": the metadata database reported an error.", e);
    }

    /** HikariCP reports a wait for a free connection that timed out as a transient connection failure. */
    private static boolean poolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getMessage() != null
                    && t.getMessage().contains("request timed out")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
