package dev.gyre.serving.pkg;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.features.FittedFeatures;
import dev.gyre.serving.onnx.OnnxModels;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import dev.gyre.validation.reference.Reference;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes and reads {@link ModelPackage}s: one zip holding {@value #MANIFEST} (format, version, and the SHA-256
 * and size of every other file), {@value #MODEL}, {@value #FEATURES}, {@value #SIGNATURE}, {@value #METADATA}
 * and, when the package has a reference, {@code reference/profile.bin} and {@code reference/outliers.json}.
 *
 * <p>Reading treats the bytes as untrusted: entry names must be among the files above (no absolute paths, no
 * {@code ..}, no repeats), each file and the whole package are bounded by {@link PackageLimits} while they are
 * unpacked, the manifest must list exactly the files present, each file's SHA-256 must match it, and a format
 * version other than {@value #FORMAT_VERSION} is refused. Nothing is deserialised with Java serialisation; every
 * file is JSON or one of Gyre's own binary formats, each checked by its reader. Thread-safe.
 */
public final class ModelPackages {
    /** The {@code format} of the manifest. */
    public static final String FORMAT = "gyre.model-package";
    /** The format version written, and the only one read. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name. */
    public static final String MANIFEST = "MANIFEST.json";
    /** The model, in Gyre's model envelope. */
    public static final String MODEL = "model.gyrm";
    /** The fitted features' JSON form. */
    public static final String FEATURES = "features.json";
    /** The signature's JSON form. */
    public static final String SIGNATURE = "signature.json";
    /** The metadata's JSON form. */
    public static final String METADATA = "metadata.json";

    private static final List<String> REQUIRED = List.of(MODEL, FEATURES, SIGNATURE, METADATA);
    private static final List<String> REFERENCE = List.of(Reference.PROFILE_FILE, Reference.OUTLIERS_FILE);
    private static final long MAX_MANIFEST_BYTES = 64 * 1024;

    static {
        // Packages may carry ONNX models: make their envelope format readable.
        OnnxModels.register();
    }

    private ModelPackages() {
    }

    /** Writes the package as a zip to {@code out}, which is left open. The same package gives the same bytes. */
    public static void write(ModelPackage pkg, OutputStream out) {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(out, "out");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODEL, pkg.model().serialize());
        files.put(FEATURES, pkg.features().toJson().getBytes(StandardCharsets.UTF_8));
        files.put(SIGNATURE, pkg.signature().toJson());
        files.put(METADATA, MetadataJson.write(pkg.metadata()));
        pkg.reference().ifPresent(r -> files.putAll(r.artifacts()));
        Map<String, byte[]> zip = new LinkedHashMap<>();
        zip.put(MANIFEST, manifest(files));
        zip.putAll(files);
        PackageZip.write(zip, out);
    }

    /** Writes the package to a file, replacing it. */
    public static void write(ModelPackage pkg, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(pkg, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to write the model package " + file.getFileName(), e);
        }
    }

    /** {@link #read(InputStream, PackageLimits)} with {@link PackageLimits#DEFAULT}. */
    public static ModelPackage read(InputStream in) {
        return read(in, PackageLimits.DEFAULT);
    }

    /**
     * Reads a package from untrusted bytes (see the class comment); {@code in} is read to the end of the zip and
     * closed.
     *
     * @throws GyreException.InvalidArgument when the bytes are not a valid package of a readable version: an
     *                                       unsafe, repeated or unexpected entry, a missing file, a checksum
     *                                       mismatch, a damaged file, or parts that do not belong together
     * @throws GyreException.TooLarge        when a limit is passed
     */
    public static ModelPackage read(InputStream in, PackageLimits limits) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        Map<String, byte[]> files = PackageZip.read(in, limits);
        byte[] manifest = files.remove(MANIFEST);
        if (manifest == null) {
            throw PackageZip.invalid("it has no " + MANIFEST);
        }
        if (manifest.length > MAX_MANIFEST_BYTES) {
            throw PackageZip.invalid("its " + MANIFEST + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
        }
        checkManifest(Json.object(manifest, MANIFEST), files);
        TrainedModel model = ModelReaders.read(files.get(MODEL));
        FittedFeatures features = FittedFeatures.fromJson(new String(files.get(FEATURES), StandardCharsets.UTF_8));
        Signature signature = Signature.fromJson(files.get(SIGNATURE));
        PackageMetadata metadata = MetadataJson.read(files.get(METADATA));
        Reference reference = files.containsKey(Reference.PROFILE_FILE) ? Reference.fromArtifacts(files) : null;
        return ModelPackage.of(features, model, signature, metadata, reference);
    }

    /** {@link #read(Path, PackageLimits)} with {@link PackageLimits#DEFAULT}. */
    public static ModelPackage read(Path file) {
        return read(file, PackageLimits.DEFAULT);
    }

    /**
     * Reads a package file.
     *
     * @throws GyreException.NotFound when there is no such file
     * @throws GyreException.InvalidArgument as {@link #read(InputStream, PackageLimits)}
     */
    public static ModelPackage read(Path file, PackageLimits limits) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, limits);
        } catch (NoSuchFileException e) {
            throw new GyreException.NotFound("There is no model package at " + file.getFileName()
                    + "; check the path, or export the package from the registry.");
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to read the model package " + file.getFileName(), e);
        }
    }

    private static byte[] manifest(Map<String, byte[]> files) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT).put("format_version", FORMAT_VERSION);
        ArrayNode list = root.putArray("files");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            list.addObject().put("path", file.getKey()).put("sha256", sha256(file.getValue()))
                    .put("size", file.getValue().length);
        }
        return Json.bytes(root);
    }

    private static void checkManifest(JsonNode root, Map<String, byte[]> files) {
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw PackageZip.invalid("its " + MANIFEST + " does not say format '" + FORMAT + "'");
        }
        JsonNode version = root.get("format_version");
        if (version == null || !version.isInt() || version.intValue() != FORMAT_VERSION) {
            throw new GyreException.InvalidArgument("The model package has format version " + version + ", and this "
                    + "Gyre reads version " + FORMAT_VERSION + " only. Read it with the Gyre that wrote it, or write "
                    + "the package again from the registered version with this Gyre.");
        }
        Set<String> listed = new LinkedHashSet<>();
        for (JsonNode file : Json.array(root, "files", MANIFEST)) {
            String path = Json.text(file, "path", MANIFEST);
            String expected = Json.text(file, "sha256", MANIFEST);
            if (!listed.add(path)) {
                throw PackageZip.invalid("its manifest lists '" + path + "' twice");
            }
            byte[] bytes = files.get(path);
            if (bytes == null) {
                throw PackageZip.invalid("the file '" + path + "' listed in the manifest is missing");
            }
            if (!sha256(bytes).equals(expected)) {
                throw new GyreException.InvalidArgument("The model package's file '" + path + "' does not match its "
                        + "SHA-256 in the manifest: the package was changed or damaged after it was written. Do not "
                        + "serve it; fetch or write the package again from the registered version.");
            }
        }
        for (String name : files.keySet()) {
            if (!listed.contains(name)) {
                throw PackageZip.invalid("the entry '" + name + "' is not listed in the manifest");
            }
            if (!REQUIRED.contains(name) && !REFERENCE.contains(name)) {
                throw PackageZip.invalid("the entry '" + name + "' is not a file of format version " + FORMAT_VERSION);
            }
        }
        for (String name : REQUIRED) {
            if (!files.containsKey(name)) {
                throw PackageZip.invalid("it has no " + name);
            }
        }
        if (files.containsKey(REFERENCE.get(0)) != files.containsKey(REFERENCE.get(1))) {
            throw PackageZip.invalid("it has only one of " + REFERENCE + "; a reference needs both");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
