package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.client.DataClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the file references of a pipeline spec on the client, before the spec is sent to the platform (which
 * never reads a path a user names): in each step's params, a {@code source} naming a data file beside the spec is
 * uploaded to the project's content-addressed blobs (only if the platform lacks it) and becomes
 * {@code blob:<sha256>}; any other text value naming a {@code .yaml}/{@code .yml} file beside the spec becomes
 * that file's text. Values already of the form {@code blob:…} or {@code data:NAME@N}, and texts naming no file,
 * stay as they are.
 */
final class PipelineSpecFiles {

    /** Where a spec's referenced files are read: a folder (the spec's own) or the command line's bundled examples. */
    interface Source {
        /** The file's bytes, or empty when there is no such file. */
        Optional<byte[]> read(String relativePath);

        /** Files under {@code dir}; a reference may not leave it. */
        static Source directory(Path dir) {
            Path root = dir.toAbsolutePath().normalize();
            return relative -> {
                Path file = root.resolve(relative).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
                }
            };
        }

        /** Resources of this program under {@code prefix} (e.g. {@code quickstart/titanic}). */
        static Source resources(String prefix) {
            return relative -> {
                if (relative.contains("..") || relative.startsWith("/")) {
                    return Optional.empty();
                }
                try (InputStream in = PipelineSpecFiles.class.getClassLoader()
                        .getResourceAsStream(prefix + "/" + relative)) {
                    return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read resource " + prefix + "/" + relative, e);
                }
            };
        }
    }

    /**
     * A resolved spec.
     *
     * @param json     the spec as JSON, ready for the platform
     * @param uploaded the data files uploaded (their names), for the narration
     * @param inlined  the YAML files inlined
     */
    record Resolved(String json, List<String> uploaded, List<String> inlined) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineSpecFiles() {
    }

    /**
     * Resolves {@code specText}'s references against {@code files}, uploading data files to {@code project}.
     *
     * @throws CliException when the spec is not YAML, or a data file cannot be uploaded
     */
    static Resolved resolve(String specText, Source files, DataClient data, String project) {
        JsonNode root;
        try {
            root = YAML.readTree(specText);
        } catch (IOException e) {
            throw new CliException("The pipeline spec is not valid YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage())
                    + ". Fix the file and run again.");
        }
        List<String> uploaded = new ArrayList<>();
        List<String> inlined = new ArrayList<>();
        if (root != null && root.path("steps").isArray()) {
            for (JsonNode step : root.path("steps")) {
                if (step.path("params") instanceof ObjectNode params) {
                    resolveParams(params, files, data, project, uploaded, inlined);
                }
            }
        }
        try {
            return new Resolved(JSON.writeValueAsString(root), List.copyOf(uploaded), List.copyOf(inlined));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void resolveParams(ObjectNode params, Source files, DataClient data, String project,
                                      List<String> uploaded, List<String> inlined) {
        Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
        List<Map.Entry<String, String>> changes = new ArrayList<>();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                continue;
            }
            String value = field.getValue().asText();
            if (value.startsWith("blob:") || value.startsWith("data:") || value.isBlank() || value.contains("\n")) {
                continue;
            }
            if (field.getKey().equals("source")) {
                Optional<byte[]> bytes = files.read(value);
                if (bytes.isPresent()) {
                    changes.add(Map.entry(field.getKey(), "blob:" + upload(bytes.get(), value, data, project)));
                    uploaded.add(value);
                }
            } else if (value.endsWith(".yaml") || value.endsWith(".yml")) {
                Optional<byte[]> bytes = files.read(value);
                if (bytes.isPresent()) {
                    changes.add(Map.entry(field.getKey(), new String(bytes.get(), StandardCharsets.UTF_8)));
                    inlined.add(value);
                }
            }
        }
        changes.forEach(change -> params.put(change.getKey(), change.getValue()));
    }

    private static String upload(byte[] bytes, String name, DataClient data, String project) {
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!data.missingBlobs(project, List.of(sha256)).isEmpty()) {
            data.uploadBlob(project, sha256, bytes);
        }
        return sha256;
    }
}
