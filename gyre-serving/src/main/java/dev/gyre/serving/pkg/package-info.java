/**
 * The model package: the one versioned file a registered model version is served from.
 *
 * <p>A {@link dev.gyre.serving.pkg.ModelPackage} holds the fitted features, the trained model, the
 * {@link dev.gyre.serving.pkg.Signature} (the raw input fields a request sends, and the outputs), the
 * {@link dev.gyre.serving.pkg.PackageMetadata} (lineage, charter metric, validation outcome) and, when validation
 * built one, the monitoring reference. {@link dev.gyre.serving.pkg.ModelPackages} writes it once as a zip and reads
 * it back safely from untrusted bytes; {@link dev.gyre.serving.pkg.InputValidator} checks request records against
 * the signature; {@link dev.gyre.serving.pkg.GyreModel} is the small embeddable API:
 * {@code GyreModel.load(path).predict(record)}.
 *
 * <p>The format is described in the module's README, section "Model package".
 */
package dev.gyre.serving.pkg;
