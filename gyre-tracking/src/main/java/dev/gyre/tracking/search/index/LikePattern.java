package dev.gyre.tracking.search.index;

import java.util.Locale;

/**
 * SQL {@code LIKE} and {@code ILIKE} as the databases evaluate them here: {@code %} matches any
 * sequence, {@code _} one character, everything else itself, case-sensitively; {@code ILIKE} is
 * {@code LOWER(value) LIKE LOWER(pattern)}. Declines (with {@link Unanswerable}) what it cannot match
 * exactly like both databases: patterns with the escape character {@code \}, {@code _} against text
 * with characters outside the Basic Multilingual Plane, and {@code ILIKE} on anything but ASCII or
 * where the database's {@code LOWER} is not plain ASCII lower-casing.
 */
final class LikePattern {

    private final String pattern;
    private final boolean ignoreCase;
    private final boolean singleWildcard;

    private LikePattern(String pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
        this.singleWildcard = pattern.indexOf('_') >= 0 || hasSurrogate(pattern);
    }

    static LikePattern like(String pattern) {
        checkEscape(pattern);
        return new LikePattern(pattern, false);
    }

    static LikePattern ilike(String pattern, StringSemantics semantics) {
        checkEscape(pattern);
        if (!semantics.asciiLower() || !isAscii(pattern)) {
            throw new Unanswerable("ILIKE with non-ASCII text");
        }
        return new LikePattern(pattern.toLowerCase(Locale.ROOT), true);
    }

    boolean matches(String value) {
        if (ignoreCase) {
            if (!isAscii(value)) {
                throw new Unanswerable("ILIKE on non-ASCII text");
            }
            value = value.toLowerCase(Locale.ROOT);
        } else if (singleWildcard && hasSurrogate(value)) {
            throw new Unanswerable("LIKE with '_' on text outside the Basic Multilingual Plane");
        }
        return matches(value, pattern);
    }

    /** Wildcard matching with backtracking to the last {@code %}: linear in practice. */
    static boolean matches(String s, String p) {
        int si = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && p.charAt(pi) == '%') {
                star = pi++;
                mark = si;
            } else if (pi < p.length() && (p.charAt(pi) == '_' || p.charAt(pi) == s.charAt(si))) {
                si++;
                pi++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '%') {
            pi++;
        }
        return pi == p.length();
    }

    private static void checkEscape(String pattern) {
        if (pattern.indexOf('\\') >= 0) {
            throw new Unanswerable("LIKE pattern with an escape character");
        }
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
