package dev.gyre.data.dvc;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a string as a YAML scalar that every YAML 1.1 and 1.2 reader reads back as the same string: plain
 * when that is unambiguous, single-quoted for other printable text, double-quoted with escapes otherwise.
 */
final class YamlScalars {

    /** Starts with a letter or '_', so it cannot be read as a number, date or special float. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    /** Words YAML 1.1 or 1.2 reads as booleans or null. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    private YamlScalars() {
    }

    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        if (value.codePoints().allMatch(YamlScalars::printable)) {
            return "'" + value.replace("'", "''") + "'";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }

    /** YAML's printable characters, minus the ones some readers treat as line breaks or byte order marks. */
    private static boolean printable(int cp) {
        if (cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
            return false;
        }
        return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)
                || (cp >= 0x10000 && cp <= 0x10ffff);
    }
}
