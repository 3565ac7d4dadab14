package dev.gyre.server.monitoring;

/**
 * Where a replica writes its partial window profiles: the platform's {@link WindowStore}, or, for a standalone
 * server, the platform's profile route (which stores them as rows of their own source).
 */
@FunctionalInterface
public interface WindowSink {
    /** Writes (replaces) the row of one window of one source; may throw, the caller retries at its next flush. */
    void save(WindowStore.Row row);
}
