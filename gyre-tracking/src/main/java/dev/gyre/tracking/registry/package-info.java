/**
 * The model registry (stage 6): registered models, their numbered versions, tags, aliases and the
 * deprecated stages, modelled exactly on MLflow's registry so that one {@link
 * dev.gyre.tracking.registry.RegistryService} serves both the native and the MLflow-compatible API.
 * Every version records where it came from ({@link dev.gyre.tracking.registry.Lineage}), its source is
 * confined to Gyre's artifact store ({@link dev.gyre.tracking.registry.SourceResolver}), and the
 * production alias moves only through an approved {@link dev.gyre.tracking.registry.PromotionRequest}.
 */
package dev.gyre.tracking.registry;
