package dev.gyre.core.auth;

/**
 * What a route requires. Every route of the platform declares exactly one of these in the server's
 * route table; {@link Role#grants(Permission)} decides.
 */
public enum Permission {
    /** No credentials needed (health, readiness, metrics, API docs). */
    PUBLIC,
    /** Any authenticated user: who am I, my own tokens. */
    SELF,
    /** Read projects, runs, models, datasets, artifacts. */
    READ,
    /** Create and change experiments, runs and registered models. */
    WRITE_TRACKING,
    /** Ingest, clean and version data. */
    WRITE_DATA,
    /** Upload and delete artifacts. */
    WRITE_ARTIFACTS,
    /** Label and review data (domain experts). */
    LABEL,
    /** Deploy models and move serving aliases. */
    DEPLOY,
    /** Operate the platform: alerts, monitoring settings. */
    OPERATE,
    /** Manage users, roles and other users' tokens. */
    MANAGE_USERS
}
