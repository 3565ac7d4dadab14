/**
 * Stage 3 of the lifecycle, features: a declarative feature spec fitted on the training split only, whose
 * fitted form travels inside the model so training and serving transform data the same way.
 *
 * <p>{@link dev.gyre.features.FeatureSpecParser} reads a {@link dev.gyre.features.FeatureSpec} from YAML;
 * {@link dev.gyre.features.FeaturePipeline#fit} learns its statistics from a
 * {@link dev.gyre.features.TrainingData} (and refuses the sealed test split); the resulting
 * {@link dev.gyre.features.FittedFeatures} transforms tables and single rows identically, gives a numeric
 * matrix for trainers, and is saved and read as versioned JSON.
 */
package dev.gyre.features;
