package dev.gyre.core.artifact;

import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A relative, normalised, confined artifact path such as {@code models/titanic/model.bin}.
 * Construction rejects everything that could escape the store's root or be read differently by
 * another layer (URL decoding, Unicode normalisation, Windows path rules). See {@link #of} for the
 * rules.
 *
 * <p>The value is kept in Unicode normalisation form C, so that the composed and decomposed
 * spellings of a name such as {@code é.csv} denote the same artifact.
 *
 * <p>Paths are ordered by Unicode code point, which is the byte order of their UTF-8 encoding and
 * therefore the order in which S3 lists keys.
 */
public record ArtifactPath(String value) implements Comparable<ArtifactPath> {

    /** Longest accepted path, in characters (code points). */
    public static final int MAX_PATH_LENGTH = 1024;

    /** Longest accepted segment, in bytes of UTF-8. */
    public static final int MAX_SEGMENT_BYTES = 255;

    /** Prefix of first-level names that the stores keep for their own bookkeeping. */
    public static final String RESERVED_PREFIX = ".gyre";

    private static final String EXAMPLE = "give a relative path such as 'models/model.bin'";

    public ArtifactPath {
        Objects.requireNonNull(value, "value");
        String composed = Normalizer.normalize(value, Normalizer.Form.NFC);
        validate(value, composed);
        value = composed;
    }

    /**
     * Parses a user-supplied path. A valid path:
     * <ul>
     *   <li>is not empty, at most {@value #MAX_PATH_LENGTH} characters, and is relative (no leading
     *       {@code /});</li>
     *   <li>consists of non-empty segments separated by single {@code /} (no {@code a//b}, no
     *       trailing {@code /}), each at most {@value #MAX_SEGMENT_BYTES} bytes of UTF-8;</li>
     *   <li>has no segment made only of dots ({@code .}, {@code ..}, {@code ...}) and no segment that
     *       Windows reads as a device ({@code CON}, {@code nul.txt}, {@code COM1}, ...);</li>
     *   <li>contains no backslash, no control or invisible formatting character, no {@code %}
     *       (percent-encoded names are refused: send the decoded name), and none of
     *       {@code ; # ? :} (URI and drive-letter syntax);</li>
     *   <li>does not start with {@code ~} or with the reserved {@code .gyre} prefix;</li>
     *   <li>still satisfies all of the above after Unicode NFKC normalisation, so that look-alikes
     *       such as the fullwidth {@code ．．／} cannot turn into {@code ../} in another layer.</li>
     * </ul>
     *
     * @throws GyreException.InvalidArgument with a message that says what is wrong and how to fix it
     */
    public static ArtifactPath of(String raw) {
        if (raw == null) {
            throw new GyreException.InvalidArgument("Artifact path is missing; " + EXAMPLE + ".");
        }
        return new ArtifactPath(raw);
    }

    /** The path's segments. */
    public List<String> segments() {
        return List.of(value.split("/"));
    }

    /** The last segment. */
    public String fileName() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /** This path with a relative child path appended (the child is validated too). */
    public ArtifactPath resolve(String child) {
        if (child == null) {
            throw new GyreException.InvalidArgument("Child path is missing; " + EXAMPLE + ".");
        }
        return of(value + "/" + child);
    }

    /** Whether this path equals {@code other} or lies below it (segment-wise, not textually). */
    public boolean startsWith(ArtifactPath other) {
        return value.equals(other.value) || value.startsWith(other.value + "/");
    }

    private static void validate(String raw, String composed) {
        if (raw.isEmpty()) {
            throw invalid(raw, "is empty; " + EXAMPLE);
        }
        String problem = problemOf(raw);
        if (problem != null) {
            throw invalid(raw, problem);
        }
        // Look-alike characters (fullwidth dots and slashes, one-dot leaders, ...) become their
        // ASCII counterparts under compatibility normalisation, which some file systems, proxies and
        // clients apply. The path must stay harmless in that form too.
        String compatible = Normalizer.normalize(composed, Normalizer.Form.NFKC);
        if (!compatible.equals(composed)) {
            String hidden = problemOf(compatible);
            if (hidden == null && count(compatible, '/') != count(composed, '/')) {
                hidden = "splits segments differently; a look-alike of '/' such as U+FF0F is not a separator";
            }
            if (hidden != null) {
                throw invalid(raw, "contains Unicode look-alike characters; after NFKC normalisation it reads '"
                        + printable(compatible) + "', which " + hidden + "; use plain characters instead of look-alikes");
            }
        }
    }

    /** What is wrong with {@code text}, phrased to follow "Artifact path 'x' ", or null if nothing. */
    private static String problemOf(String text) {
        int length = text.codePointCount(0, text.length());
        if (length > MAX_PATH_LENGTH) {
            return "is " + length + " characters long; the limit is " + MAX_PATH_LENGTH + ", use a shorter path";
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String problem = characterProblem(cp);
            if (problem != null) {
                return problem;
            }
            i += Character.charCount(cp);
        }
        if (text.startsWith("/")) {
            return "is absolute (starts with '/'); " + EXAMPLE + ", relative to the store's root";
        }
        List<String> segments = List.of(text.split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "has an empty segment ('//' or a trailing '/'); remove the extra '/'";
            }
            if (segment.chars().allMatch(c -> c == '.')) {
                return "has a '" + segment + "' segment; name the artifact directly, without '.' or '..' steps";
            }
            if (isWindowsDeviceName(segment)) {
                return "has the segment '" + segment + "', which Windows treats as a device; rename it";
            }
            int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SEGMENT_BYTES) {
                return "has a segment of " + bytes + " bytes; each segment may have at most " + MAX_SEGMENT_BYTES
                        + " bytes of UTF-8, use a shorter name";
            }
        }
        String first = segments.get(0);
        if (first.startsWith("~")) {
            return "starts with '~', which some tools expand to a home folder; rename the first segment";
        }
        if (first.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
            return "starts with '" + RESERVED_PREFIX + "', which is reserved for the store's own bookkeeping; "
                    + "rename the first segment";
        }
        return null;
    }

    /** CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$, CONOUT$, also with an extension ("nul.txt"). */
    private static boolean isWindowsDeviceName(String segment) {
        int dot = segment.indexOf('.');
        String stem = (dot < 0 ? segment : segment.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        return switch (stem) {
            case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" -> true;
            default -> stem.length() == 4 && (stem.startsWith("COM") || stem.startsWith("LPT"))
                    && "123456789\u00b9\u00b2\u00b3".indexOf(stem.charAt(3)) >= 0;
        };
    }

    private static String characterProblem(int cp) {
        if (Character.charCount(cp) == 1 && Character.isSurrogate((char) cp)) {
            return "contains an unpaired UTF-16 surrogate; send valid Unicode text";
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL) {
            return "contains the control character " + codePoint(cp)
                    + "; remove it (NUL, newlines and tabs are not allowed)";
        }
        if (type == Character.FORMAT && cp != 0x200C && cp != 0x200D) {
            return "contains the invisible formatting character " + codePoint(cp) + "; remove it";
        }
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return "contains the line separator " + codePoint(cp) + "; remove it";
        }
        return switch (cp) {
            case '\\' -> "contains a backslash; separate segments with '/'";
            case '%' -> "contains '%'; percent-encoded names are refused, send the decoded name "
                    + "(for example 'a b.txt', not 'a%20b.txt')";
            case ':' -> "contains ':' (URI schemes and drive letters such as 'C:' or 'file:' are not allowed); "
                    + EXAMPLE;
            case ';', '#', '?' -> "contains '" + (char) cp + "', which has a meaning in URLs; remove or replace it";
            default -> null;
        };
    }

    private static long count(String text, char c) {
        return text.chars().filter(x -> x == c).count();
    }

    private static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    private static GyreException.InvalidArgument invalid(String raw, String problem) {
        return new GyreException.InvalidArgument("Artifact path '" + printable(raw) + "' " + problem + ".");
    }

    /** The path as it may appear in a message: control characters escaped, long values cut. */
    private static String printable(String raw) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (shown++ >= 80) {
                out.append("...");
                break;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(codePoint(cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    @Override
    public int compareTo(ArtifactPath other) {
        return compareByCodePoint(value, other.value);
    }

    /** Compares two strings by Unicode code point, i.e. by the bytes of their UTF-8 encodings. */
    public static int compareByCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public String toString() {
        return value;
    }
}
