/**
 * Stage 3 of the lifecycle, features: a declarative feature spec fitted on the training split only, whose
 * fitted form travels inside the model so training and serving transform data the same way.
 */
package dev.gyre.features;
