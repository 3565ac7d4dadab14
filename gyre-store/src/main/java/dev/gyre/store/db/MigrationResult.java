package dev.gyre.store.db;

/**
 * What {@link Database#migrate()} did.
 *
 * @param applied        number of migrations applied by this call; 0 when the schema was up to date
 * @param currentVersion the schema version after the call, e.g. {@code "1"}, or {@code null} if the
 *                       database has no migrations at all
 */
public record MigrationResult(int applied, String currentVersion) {
}
