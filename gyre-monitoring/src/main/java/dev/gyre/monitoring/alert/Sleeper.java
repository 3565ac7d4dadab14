package dev.gyre.monitoring.alert;

import java.time.Duration;

/** Waits between delivery attempts; injected so that tests record the backoff instead of waiting. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps on the current thread. */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis());
    }
}
