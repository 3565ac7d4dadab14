package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What validation leaves for monitoring next to a model version: the {@link ReferenceProfile} of the training
 * rows and model outputs, and the {@link OutlierDetector} of their feature rows. Stored as two artifacts,
 * {@value #PROFILE_FILE} (binary) and {@value #OUTLIERS_FILE} (JSON), relative to the version's artifact root.
 *
 * @param profile  the reference profile
 * @param detector the outlier detector
 */
public record Reference(ReferenceProfile profile, OutlierDetector detector) {
    /** The artifact path of the profile. */
    public static final String PROFILE_FILE = "reference/profile.bin";
    /** The artifact path of the outlier detector. */
    public static final String OUTLIERS_FILE = "reference/outliers.json";

    public Reference {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(detector, "detector");
    }

    /** The two artifacts by path, for an artifact store. */
    public Map<String, byte[]> artifacts() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(PROFILE_FILE, profile.toBytes());
        out.put(OUTLIERS_FILE, detector.toJson().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /**
     * A reference from its artifacts.
     *
     * @throws GyreException.InvalidArgument when one is absent or damaged
     */
    public static Reference fromArtifacts(Map<String, byte[]> artifacts) {
        byte[] profile = artifacts.get(PROFILE_FILE);
        byte[] outliers = artifacts.get(OUTLIERS_FILE);
        if (profile == null || outliers == null) {
            throw new GyreException.InvalidArgument("A reference needs both " + PROFILE_FILE + " and "
                    + OUTLIERS_FILE + "; found " + artifacts.keySet() + ".");
        }
        return new Reference(ReferenceProfile.fromBytes(profile),
                OutlierDetector.fromJson(new String(outliers, StandardCharsets.UTF_8)));
    }

    /** Writes both artifacts under {@code root}, creating the {@code reference} directory. */
    public void write(Path root) {
        try {
            for (Map.Entry<String, byte[]> artifact : artifacts().entrySet()) {
                Path file = root.resolve(artifact.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, artifact.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to write the reference under " + root, e);
        }
    }

    /**
     * Reads both artifacts from under {@code root}.
     *
     * @throws GyreException.NotFound when one is absent
     * @throws GyreException.InvalidArgument when one is damaged
     */
    public static Reference read(Path root) {
        Map<String, byte[]> artifacts = new LinkedHashMap<>();
        for (String name : new String[] {PROFILE_FILE, OUTLIERS_FILE}) {
            try {
                artifacts.put(name, Files.readAllBytes(root.resolve(name)));
            } catch (NoSuchFileException e) {
                throw new GyreException.NotFound("The reference artifact " + name + " is missing under " + root
                        + "; build the reference when the model version is validated.");
            } catch (IOException e) {
                throw new UncheckedIOException("Unable to read " + name + " under " + root, e);
            }
        }
        return fromArtifacts(artifacts);
    }
}
