/**
 * What validation leaves for monitoring next to a model version, built from the training rows by
 * {@link dev.gyre.validation.reference.ReferenceBuilder}:
 * <ul>
 *   <li>{@link dev.gyre.validation.reference.ReferenceProfile} — the mergeable profile (sketches kept) of the
 *       raw input columns and of the model outputs ({@link dev.gyre.validation.reference.PredictionColumns}),
 *       which monitoring compares with window profiles built the same way;</li>
 *   <li>{@link dev.gyre.validation.reference.OutlierDetector} — an
 *       {@link dev.gyre.validation.reference.IsolationForest} (default) or a
 *       {@link dev.gyre.validation.reference.MahalanobisDetector} over the model's feature rows, with a
 *       threshold flagging a chosen share of the reference rows.</li>
 * </ul>
 * Both are stored in versioned forms that are checked when read back; see
 * {@link dev.gyre.validation.reference.Reference} for the artifact names.
 */
package dev.gyre.validation.reference;
