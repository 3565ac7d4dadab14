/**
 * Explanations of models: per-prediction feature contributions ({@link dev.gyre.validation.explain.Explainer},
 * exact when the model offers them, else {@link dev.gyre.validation.explain.SamplingShapley}) and global
 * {@link dev.gyre.validation.explain.PermutationImportance} on held-out rows, per feature column or per group
 * of columns from one input column ({@link dev.gyre.validation.explain.FeatureGroups}).
 */
package dev.gyre.validation.explain;
