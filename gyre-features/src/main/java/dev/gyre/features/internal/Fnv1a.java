package dev.gyre.features.internal;

/**
 * The 32-bit FNV-1a hash of a string's UTF-8 bytes, computed without encoding the string into an array.
 * Offset basis {@code 0x811C9DC5}, prime {@code 0x01000193}. A lone surrogate is hashed as {@code '?'},
 * the byte that {@link String#getBytes(java.nio.charset.Charset)} writes for it, so the hash always equals
 * that of the UTF-8 encoding. Stable across JVMs and releases: feature hashing depends on it.
 */
public final class Fnv1a {
    private static final int OFFSET_BASIS = 0x811C9DC5;
    private static final int PRIME = 0x01000193;

    private Fnv1a() {
    }

    /** The hash as a signed int (treat it as unsigned 32 bits). */
    public static int hash(String s) {
        int h = OFFSET_BASIS;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xC0 | (c >> 6))) * PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * PRIME;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = (h ^ (0xF0 | (cp >> 18))) * PRIME;
                h = (h ^ (0x80 | ((cp >> 12) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | ((cp >> 6) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * PRIME;
            } else if (Character.isSurrogate(c)) {
                h = (h ^ '?') * PRIME;
            } else {
                h = (h ^ (0xE0 | (c >> 12))) * PRIME;
                h = (h ^ (0x80 | ((c >> 6) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * PRIME;
            }
        }
        return h;
    }

    /** The bucket of {@code s} among {@code buckets}: the unsigned hash modulo the bucket count. */
    public static int bucket(String s, int buckets) {
        return Integer.remainderUnsigned(hash(s), buckets);
    }
}
