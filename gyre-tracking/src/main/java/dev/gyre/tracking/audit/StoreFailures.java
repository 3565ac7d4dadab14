package dev.gyre.tracking.audit;

import dev.gyre.core.GyreException;
import dev.gyre.store.db.SqlSupport;

/** Wraps failures of the metadata database once, at the store boundary. */
final class StoreFailures {

    private StoreFailures() {
    }

    /** A Gyre error stays as it is; an unreachable database is {@code NotReady}; anything else "Unable to …". */
    static GyreException wrap(String action, RuntimeException e) {
        if (e instanceof GyreException gyre) {
            return gyre;
        }
        if (SqlSupport.isConnectionFailure(e)) {
            return new GyreException.NotReady("Unable to " + action + ": the metadata database cannot be reached;"
                    + " check that it is running and retry.", e);
        }
        return new GyreException.Internal("Unable to " + action + ": the metadata database reported an error.", e);
    }
}
