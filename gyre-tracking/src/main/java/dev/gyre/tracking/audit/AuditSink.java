package dev.gyre.tracking.audit;

/**
 * Where services report changes. The JDBC audit log implements it; services call it inside the same
 * transaction as the change when they can, so a change and its audit record land together.
 */
@FunctionalInterface
public interface AuditSink {

    /** Records the event. Must not throw for a valid event except when the store fails. */
    void record(AuditEvent event);

    /** A sink that drops everything (for tools and tests that do not audit). */
    static AuditSink none() {
        return event -> { };
    }
}
