/**
 * The artifact store backends: a local folder ({@code file:}) and an S3 bucket ({@code s3://}),
 * chosen by URI scheme through {@link dev.gyre.store.artifact.ArtifactStores}. Both write atomically,
 * record each artifact's size and SHA-256 while writing it, and can verify the hash on read.
 */
package dev.gyre.store.artifact;
