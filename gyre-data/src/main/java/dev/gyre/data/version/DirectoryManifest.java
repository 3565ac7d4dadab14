package dev.gyre.data.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The content of a directory version: which file, of what size, with which SHA-256. Its canonical
 * serialisation ({@link #toBytes()}) is stored as a blob, and the SHA-256 of those bytes is the
 * directory's hash.
 *
 * <h2>Canonical form, version 1</h2>
 * The UTF-8 bytes of one JSON object, without any whitespace and without a trailing newline:
 * <pre>{"version":1,"files":[{"path":"a.csv","size":3,"sha256":"ba78…15ad"},…]}</pre>
 * <ul>
 *   <li>{@code files} is sorted by {@code path}, compared by Unicode code point (the byte order of
 *       UTF-8); each path occurs once;</li>
 *   <li>each file object has exactly the keys {@code path}, {@code size}, {@code sha256}, in this order;</li>
 *   <li>{@code path} is the POSIX path relative to the directory ({@code /} between segments, no empty,
 *       {@code .} or {@code ..} segment, no backslash, no control character), as the file system names
 *       it (not Unicode-normalised); in the JSON string only {@code "} and {@code \} are escaped (as
 *       {@code \"} and {@code \\}), every other character is written as itself in UTF-8;</li>
 *   <li>{@code size} is a decimal integer without sign, leading zeros or exponent;
 *       {@code sha256} is 64 lower-case hex digits.</li>
 * </ul>
 * Empty directories are not recorded. {@link #parse} accepts exactly this form, so one directory content
 * has one hash.
 *
 * @param files the entries, sorted by path
 */
public record DirectoryManifest(List<Entry> files) {

    /** The version written in the {@code version} key. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One file of the directory.
     *
     * @param path   relative POSIX path, see the class comment
     * @param size   bytes
     * @param sha256 lower-case hex SHA-256 of the bytes
     */
    public record Entry(String path, long size, String sha256) {
        public Entry {
            requireValidPath(path);
            if (size < 0) {
                throw new GyreException.InvalidArgument("File '" + path + "' has a negative size (" + size + ").");
            }
            sha256 = Digests.requireSha256(sha256, "SHA-256 of '" + path + "'");
        }
    }

    /**
     * Sorts the entries into canonical order.
     *
     * @throws GyreException.InvalidArgument if a path occurs twice, or a path is also the folder of another
     */
    public DirectoryManifest {
        List<Entry> sorted = new ArrayList<>(Objects.requireNonNull(files, "files"));
        sorted.sort((a, b) -> ArtifactPath.compareByCodePoint(a.path(), b.path()));
        Set<String> paths = new HashSet<>();
        for (Entry entry : sorted) {
            if (!paths.add(entry.path())) {
                throw new GyreException.InvalidArgument("The directory lists '" + entry.path() + "' twice.");
            }
        }
        for (Entry entry : sorted) {
            for (int slash = entry.path().indexOf('/'); slash > 0; slash = entry.path().indexOf('/', slash + 1)) {
                String folder = entry.path().substring(0, slash);
                if (paths.contains(folder)) {
                    throw new GyreException.InvalidArgument("The directory lists '" + folder + "' both as a file and"
                            + " as the folder of '" + entry.path() + "'.");
                }
            }
        }
        files = List.copyOf(sorted);
    }

    /** The total size of the files. */
    public long totalSize() {
        long total = 0;
        for (Entry entry : files) {
            total += entry.size();
        }
        return total;
    }

    /** The canonical bytes (see the class comment). */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(32 + files.size() * 120);
        out.append("{\"version\":").append(FORMAT_VERSION).append(",\"files\":[");
        for (int i = 0; i < files.size(); i++) {
            Entry entry = files.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"path\":\"");
            appendEscaped(out, entry.path());
            out.append("\",\"size\":").append(entry.size()).append(",\"sha256\":\"").append(entry.sha256()).append("\"}");
        }
        out.append("]}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The SHA-256 of the canonical bytes: the directory's hash. */
    public String sha256() {
        return Digests.sha256Hex(toBytes());
    }

    /**
     * Reads a manifest in canonical form.
     *
     * @throws GyreException.InvalidArgument if the bytes are not a manifest in exactly the canonical form
     */
    public static DirectoryManifest parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw notCanonical("it is not JSON");
        }
        if (root == null || !root.isObject() || root.path("version").asInt(-1) != FORMAT_VERSION
                || !root.path("files").isArray()) {
            throw notCanonical("it is not a version " + FORMAT_VERSION + " manifest object with a 'files' array");
        }
        List<Entry> entries = new ArrayList<>(root.get("files").size());
        for (JsonNode file : root.get("files")) {
            if (!file.path("path").isTextual() || !file.path("size").canConvertToLong()
                    || !file.path("sha256").isTextual()) {
                throw notCanonical("an entry lacks a textual path, an integer size or a textual sha256");
            }
            entries.add(new Entry(file.get("path").asText(), file.get("size").asLong(), file.get("sha256").asText()));
        }
        DirectoryManifest manifest = new DirectoryManifest(entries);
        if (!Arrays.equals(manifest.toBytes(), bytes)) {
            throw notCanonical("it is not written in the canonical form (sorted paths, no whitespace, fixed key order)");
        }
        return manifest;
    }

    /**
     * Checks a relative POSIX path of a file inside a directory: not empty or absolute, at most 4096
     * characters, no empty, {@code .} or {@code ..} segment, no backslash, no control character, valid Unicode.
     * Such a path stays inside the directory wherever it is materialised.
     *
     * @return the path
     * @throws GyreException.InvalidArgument saying what is wrong
     */
    public static String requireValidPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new GyreException.InvalidArgument("A file path in the directory is empty.");
        }
        String problem = null;
        if (path.startsWith("/")) {
            problem = "is absolute; paths are relative to the directory";
        } else if (path.length() > 4096) {
            problem = "is longer than 4096 characters";
        } else if (path.indexOf('\\') >= 0) {
            problem = "contains a backslash; separate folders with '/' and rename files whose names contain '\\'";
        } else {
            for (int i = 0; i < path.length() && problem == null; i++) {
                char c = path.charAt(i);
                if (Character.isISOControl(c)) {
                    problem = "contains a control character (such as a newline); rename the file";
                } else if (Character.isHighSurrogate(c) && i + 1 < path.length()
                        && Character.isLowSurrogate(path.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    problem = "is not valid Unicode; rename the file";
                }
            }
            for (String segment : path.split("/", -1)) {
                if (problem == null && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                    problem = "has an empty, '.' or '..' segment";
                }
            }
        }
        if (problem != null) {
            throw new GyreException.InvalidArgument("The file path '" + Digests.shorten(path) + "' " + problem + ".");
        }
        return path;
    }

    private static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
    }

    private static GyreException.InvalidArgument notCanonical(String why) {
        return new GyreException.InvalidArgument("The directory manifest cannot be read: " + why + ".");
    }
}
