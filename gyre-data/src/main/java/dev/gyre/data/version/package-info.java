/**
 * Dataset versioning. The bytes of a version are content-addressed blobs on the artifact store
 * ({@link dev.gyre.data.version.BlobStore}), hashed where the files live
 * ({@link dev.gyre.data.version.ContentHasher}, with a {@link dev.gyre.data.version.HashCache} so that
 * unchanged files are not read twice), so a client uploads only the blobs the server lacks. What is
 * known about a version — format, lineage, split role, validation status, schema and profile — is in the
 * metadata database, kept by {@link dev.gyre.data.version.DataVersionService}, which also enforces that the
 * test split is sealed from training ({@link dev.gyre.data.version.ReadPurpose}).
 */
package dev.gyre.data.version;
