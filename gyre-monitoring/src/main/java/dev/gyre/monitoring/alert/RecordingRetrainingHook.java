package dev.gyre.monitoring.alert;

import java.util.ArrayList;
import java.util.List;

/** Keeps every retraining request in memory, in order; thread-safe. */
public final class RecordingRetrainingHook implements RetrainingHook {

    private final List<RetrainingRequest> requests = new ArrayList<>();

    @Override
    public synchronized void requestRetraining(RetrainingRequest request) {
        requests.add(request);
    }

    /** The requests received so far, oldest first. */
    public synchronized List<RetrainingRequest> requests() {
        return List.copyOf(requests);
    }
}
