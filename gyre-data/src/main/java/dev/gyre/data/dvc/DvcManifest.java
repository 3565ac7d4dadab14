package dev.gyre.data.dvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.data.version.DirectoryManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A DVC directory manifest (the {@code .dir} object): which file of the directory has which MD5.
 *
 * <p>{@link #toJson()} writes exactly the bytes DVC writes, which Python produces with
 * {@code json.dumps(entries, sort_keys=True)}: a JSON list of {@code {"md5": …, "relpath": …}} objects sorted
 * by relpath (by Unicode code point), keys in sorted order, separators {@code ", "} and {@code ": "}, every
 * character outside printable ASCII escaped ({@code \n \r \t \b \f} by name, others as {@code \}{@code uXXXX}
 * in lower-case hex, characters beyond U+FFFF as a surrogate pair), and no trailing newline. The MD5 of those
 * bytes, followed by {@code .dir}, is the directory's hash in a {@code .dvc} file.
 *
 * @param entries the files, sorted by relpath
 */
public record DvcManifest(List<Entry> entries) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One file of the directory.
     *
     * @param md5     lower-case hex MD5 of the file's bytes
     * @param relpath its path relative to the directory, with '/' separators
     */
    public record Entry(String md5, String relpath) {
        public Entry {
            md5 = md5 == null ? null : md5.toLowerCase(Locale.ROOT);
            if (md5 == null || !md5.matches("[0-9a-f]{32}")) {
                throw new GyreException.InvalidArgument("The DVC manifest lists '" + relpath + "' with the md5 '" + md5
                        + "'; expected 32 hexadecimal digits.");
            }
            DirectoryManifest.requireValidPath(relpath);
        }
    }

    /**
     * Sorts the entries by relpath.
     *
     * @throws GyreException.InvalidArgument if a relpath occurs twice
     */
    public DvcManifest {
        List<Entry> sorted = new ArrayList<>(Objects.requireNonNull(entries, "entries"));
        sorted.sort((a, b) -> ArtifactPath.compareByCodePoint(a.relpath(), b.relpath()));
        Set<String> seen = new HashSet<>();
        for (Entry entry : sorted) {
            if (!seen.add(entry.relpath())) {
                throw new GyreException.InvalidArgument("The DVC manifest lists '" + entry.relpath() + "' twice.");
            }
        }
        entries = List.copyOf(sorted);
    }

    /** The manifest's text, byte for byte as DVC writes it (pure ASCII). */
    public String toJson() {
        StringBuilder out = new StringBuilder(2 + entries.size() * 80);
        out.append('[');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            Entry entry = entries.get(i);
            out.append("{\"md5\": \"").append(entry.md5()).append("\", \"relpath\": ");
            appendPythonString(out, entry.relpath());
            out.append('}');
        }
        return out.append(']').toString();
    }

    /** The bytes of {@link #toJson()}. */
    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.US_ASCII);
    }

    /** The MD5 of the manifest's bytes. */
    public String md5() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(toBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }

    /** The directory's hash as a {@code .dvc} file records it: {@link #md5()} followed by {@code .dir}. */
    public String dirHash() {
        return md5() + DvcOut.DIR_SUFFIX;
    }

    /**
     * Reads a manifest as DVC stored it. Keys other than {@code md5} and {@code relpath} are ignored; the order
     * of the entries does not matter (check the bytes' MD5 against the object's name to verify them).
     *
     * @throws GyreException.InvalidArgument if the bytes are not a JSON list of such entries
     */
    public static DvcManifest parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("The DVC directory manifest is not JSON (" + DvcFile.firstLine(e)
                    + ").");
        }
        if (root == null || !root.isArray()) {
            throw new GyreException.InvalidArgument("The DVC directory manifest is not a JSON list.");
        }
        List<Entry> entries = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            if (!node.path("md5").isTextual() || !node.path("relpath").isTextual()) {
                throw new GyreException.InvalidArgument("An entry of the DVC directory manifest lacks a textual 'md5'"
                        + " or 'relpath'.");
            }
            entries.add(new Entry(node.get("md5").asText(), node.get("relpath").asText()));
        }
        return new DvcManifest(entries);
    }

    /** Appends {@code text} as Python's {@code json.dumps} with {@code ensure_ascii=True} writes it. */
    static void appendPythonString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append(c);
                    } else {
                        // a char is a UTF-16 unit, so characters beyond U+FFFF come out as surrogate pairs
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    }
                }
            }
        }
        out.append('"');
    }
}
