package dev.gyre.tracking.internal;

import dev.gyre.core.GyreException;
import dev.gyre.store.db.SqlSupport;

/** Wraps database failures once, at the service boundary. */
public final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * A {@link GyreException} passes through; an unreachable database becomes
     * {@link GyreException.NotReady}; anything else {@link GyreException.Internal} "Unable to {action}".
     */
    public static GyreException wrap(String action, RuntimeException e) {
        if (e instanceof GyreException gyre) {
            return gyre;
        }
        if (SqlSupport.isConnectionFailure(e)) {
            return new GyreException.NotReady("Unable to " + action + ": the metadata database cannot be reached."
                    + " Check that it is running and try again.", e);
        }
        return new GyreException.Internal("Unable to " + action + ": the metadata database reported an error.", e);
    }
}
