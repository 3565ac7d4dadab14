package dev.gyre.serving.log;

import java.nio.charset.StandardCharsets;

/**
 * The deterministic sampling decision: a request is logged or not by its id alone, so every replica (and the
 * primary and shadow answers of one request) decide the same way.
 *
 * <p>The decision: take the 64-bit FNV-1a hash of the id's UTF-8 bytes, mix it with the SplitMix64 finaliser,
 * read its top 53 bits as a fraction {@code u} in [0, 1); the request is kept when {@code u < rate}. A rate of 1
 * keeps every request, 0 none.
 */
public final class RequestSampler {
    private RequestSampler() {
    }

    /**
     * Whether the request is kept at this rate.
     *
     * @param requestId the request id, not null
     * @param rate      the share to keep, in [0, 1]
     */
    public static boolean keep(String requestId, double rate) {
        checkRate(rate);
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0) {
            return false;
        }
        return fraction(requestId) < rate;
    }

    /** The request's position in [0, 1). */
    public static double fraction(String requestId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : requestId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h = h ^ (h >>> 31);
        return (h >>> 11) * 0x1.0p-53;
    }

    static void checkRate(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sample rate must be in [0, 1]: " + rate);
        }
    }
}
