/**
 * The audit log (who changed what, when, before and after) and comments on runs and model versions,
 * shared by every stage.
 */
package dev.gyre.tracking.audit;
