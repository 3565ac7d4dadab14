/**
 * Stage 1 of the lifecycle as a service: projects, their members with per-project roles, and versioned
 * charters read from YAML or JSON documents. Every change is recorded in the audit log in the same
 * transaction.
 */
package dev.gyre.tracking.project;
