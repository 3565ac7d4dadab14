package dev.gyre.data.dvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.core.GyreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code .dvc} file: the outputs it tracks. Reading accepts DVC 3 and legacy DVC 2 files and ignores keys
 * Gyre does not use (such as {@code deps}, {@code desc} or an output's {@code cache}). Writing produces DVC 3:
 * <pre>
 * outs:
 * - md5: 3863d0e317d3b2c2bc2d2a7e6a8ef2a0.dir
 *   size: 1043
 *   nfiles: 3
 *   hash: md5
 *   path: data
 * </pre>
 * with the keys of each output in exactly this order ({@code nfiles} only for directories).
 *
 * @param outs the outputs, at least one
 */
public record DvcFile(List<DvcOut> outs) {

    /** Largest {@code .dvc} file read. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public DvcFile {
        outs = List.copyOf(Objects.requireNonNull(outs, "outs"));
        if (outs.isEmpty()) {
            throw new GyreException.InvalidArgument("A .dvc file tracks at least one output; this one has no 'outs'.");
        }
    }

    /**
     * Parses the text of a {@code .dvc} file.
     *
     * @throws GyreException.InvalidArgument if it is not YAML with an {@code outs} list of valid entries
     */
    public static DvcFile parse(String text) {
        Objects.requireNonNull(text, "text");
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("The .dvc file is not valid YAML (" + firstLine(e) + ").");
        }
        if (root == null || !root.path("outs").isArray()) {
            throw new GyreException.InvalidArgument("The .dvc file has no 'outs' list; is it a .dvc file?");
        }
        List<DvcOut> outs = new ArrayList<>();
        for (JsonNode out : root.get("outs")) {
            if (!out.isObject() || !out.path("md5").isValueNode() || !out.path("path").isValueNode()) {
                throw new GyreException.InvalidArgument("An output of the .dvc file lacks 'md5' or 'path'; add the"
                        + " output with 'dvc add' or 'dvc commit' first.");
            }
            outs.add(new DvcOut(out.get("md5").asText(), longOrNull(out, "size"),
                    out.path("nfiles").canConvertToInt() ? out.get("nfiles").asInt() : null,
                    out.path("hash").isValueNode() ? out.get("hash").asText() : null, out.get("path").asText()));
        }
        return new DvcFile(outs);
    }

    /**
     * Reads and parses a {@code .dvc} file.
     *
     * @throws GyreException.NotFound        if there is no such file
     * @throws GyreException.InvalidArgument if it cannot be read or parsed
     */
    public static DvcFile read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new GyreException.InvalidArgument("'" + file + "' is larger than " + MAX_BYTES
                        + " bytes; it is not a .dvc file.");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new GyreException.NotFound("The .dvc file '" + file + "' does not exist; check the path.");
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("The .dvc file '" + file + "' cannot be read (" + firstLine(e)
                    + ").", e);
        }
    }

    /**
     * The DVC 3 text of this file.
     *
     * @throws GyreException.InvalidArgument if an output is a legacy entry, which is never written
     */
    public String toYaml() {
        StringBuilder out = new StringBuilder("outs:\n");
        for (DvcOut entry : outs) {
            if (entry.isLegacy() || entry.size() == null) {
                throw new GyreException.InvalidArgument("The output '" + entry.path() + "' is a legacy DVC 2 entry"
                        + " (or lacks its size); Gyre writes only DVC 3 entries, so hash it again with MD5 first.");
            }
            out.append("- md5: ").append(entry.md5()).append('\n');
            out.append("  size: ").append(entry.size()).append('\n');
            if (entry.isDirectory() && entry.nfiles() != null) {
                out.append("  nfiles: ").append(entry.nfiles()).append('\n');
            }
            out.append("  hash: ").append(entry.hash()).append('\n');
            out.append("  path: ").append(YamlScalars.scalar(entry.path())).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes the DVC 3 text to {@code file} atomically (temporary file, then rename).
     *
     * @throws GyreException.InvalidArgument if an output is a legacy entry or the file cannot be written
     */
    public void write(Path file) {
        String text = toYaml();
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, ".dvc-", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("The .dvc file '" + file + "' cannot be written (" + firstLine(e)
                    + ").", e);
        }
    }

    private static Long longOrNull(JsonNode out, String key) {
        JsonNode value = out.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new GyreException.InvalidArgument("The .dvc output '" + out.path("path").asText() + "' has the "
                    + key + " '" + value.asText() + "'; expected a whole number.");
        }
        return value.asLong();
    }

    static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
