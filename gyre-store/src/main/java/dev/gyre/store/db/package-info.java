/**
 * The relational metadata store: a pooled {@link dev.gyre.store.db.Database} (embedded H2 or
 * PostgreSQL) whose schema is created and upgraded by Flyway migrations in an explicit start-up step,
 * and the JDBC implementations of the core stores on top of it. All SQL is written to run unchanged on
 * both databases; SQL errors are translated once, here, into {@link dev.gyre.core.GyreException}s.
 */
package dev.gyre.store.db;
