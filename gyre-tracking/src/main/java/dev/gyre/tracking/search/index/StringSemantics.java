package dev.gyre.tracking.search.index;

import dev.gyre.store.db.Database;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the database compares and lower-cases strings, found by asking it about a few telling pairs:
 * the index orders strings only when it can reproduce the database's order exactly (code point order,
 * as PostgreSQL's {@code C} and {@code C.UTF-8} collations, or UTF-16 order, as H2), and answers
 * {@code ILIKE} only where {@code LOWER} lower-cases ASCII letters plainly.
 *
 * @param order      the database's string order, or {@code null} when it is neither of those (for
 *                   example a natural-language collation)
 * @param asciiLower whether {@code LOWER} maps {@code A-Z} to {@code a-z} and leaves other ASCII as is
 */
record StringSemantics(Comparator<String> order, boolean asciiLower) {

    private static final Logger LOG = LoggerFactory.getLogger(StringSemantics.class);

    /** UTF-16 code unit order (Java's {@link String#compareTo}). */
    static final Comparator<String> UTF16 = String::compareTo;

    /** Unicode code point order (UTF-8 byte order). */
    static final Comparator<String> CODE_POINT = StringSemantics::compareCodePoints;

    /** Pairs whose order tells collations apart: case, spaces, punctuation, accents, surrogates. */
    private static final List<String[]> PROBES = List.of(
            new String[] {"a", "B"}, new String[] {"Z", "a"}, new String[] {"a", "A"}, new String[] {"a b", "ab"},
            new String[] {"-b", "a"}, new String[] {"ab", "a"}, new String[] {"", "a"}, new String[] {"\u00e9", "f"},
            new String[] {"\u00c9", "e"}, new String[] {"\ufffd", "\ud83d\ude00"}, new String[] {"a-c", "ab"},
            new String[] {"10", "9"}, new String[] {"_", "a"});
    private static final String LOWER_PROBE = "AZIaz09 _%-";

    /** Asks the database; {@code null} when it cannot be asked now. */
    static StringSemantics probe(Database database) {
        try {
            return database.jdbi().withHandle(StringSemantics::probe);
        } catch (RuntimeException e) {
            LOG.debug("Could not ask the metadata database how it orders strings", e);
            return null;
        }
    }

    private static StringSemantics probe(Handle handle) {
        boolean utf16 = true;
        boolean codePoints = true;
        for (String[] pair : PROBES) {
            int database = handle.createQuery("SELECT CASE WHEN CAST(:a AS VARCHAR(20)) < CAST(:b AS VARCHAR(20))"
                            + " THEN -1 WHEN CAST(:a AS VARCHAR(20)) = CAST(:b AS VARCHAR(20)) THEN 0 ELSE 1 END")
                    .bind("a", pair[0]).bind("b", pair[1]).mapTo(Integer.class).one();
            utf16 &= database == Integer.signum(UTF16.compare(pair[0], pair[1]));
            codePoints &= database == Integer.signum(CODE_POINT.compare(pair[0], pair[1]));
        }
        String lowered = handle.createQuery("SELECT LOWER(CAST(:s AS VARCHAR(20)))").bind("s", LOWER_PROBE)
                .mapTo(String.class).one();
        Comparator<String> order = codePoints ? CODE_POINT : utf16 ? UTF16 : null;
        return new StringSemantics(order, LOWER_PROBE.toLowerCase(Locale.ROOT).equals(lowered));
    }

    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
