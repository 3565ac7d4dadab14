/**
 * Interoperability with DVC 3: read and write {@code .dvc} files ({@link dev.gyre.data.dvc.DvcFile}) and
 * directory manifests ({@link dev.gyre.data.dvc.DvcManifest}, byte-exact with DVC's), import a DVC-tracked
 * file or directory from a DVC cache or local remote with every MD5 verified
 * ({@link dev.gyre.data.dvc.DvcImporter}), and export a file or directory as a {@code .dvc} file plus
 * DVC 3 objects ({@link dev.gyre.data.dvc.DvcExporter}). Legacy DVC 2 entries are read, never written.
 */
package dev.gyre.data.dvc;
