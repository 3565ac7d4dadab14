/**
 * Stage 2 of the lifecycle, data: ingest sources into typed {@link dev.gyre.core.table.Table}s, version
 * their bytes content-addressed on the artifact store (and interoperate with DVC), profile and validate
 * them, clean them declaratively, have domain experts label them, and split them — with the test split
 * sealed from training.
 */
package dev.gyre.data;
