package dev.gyre.serving.deploy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the version that answers a request.
 *
 * <p>The rule: without a canary, the primary answers. With a canary of {@code p} percent, a number
 * {@code d} in [0, 100) is drawn and the canary answers when {@code d < p} (so 0 sends nothing to the canary and
 * 100 sends everything). When the caller has a sticky value (the value of the deployment's sticky key, e.g. a
 * header), {@code d} is {@link #bucket(String, String)}: a hash of the deployment name and that value, so a caller
 * always lands on the same side for a given split, and raising the percentage only moves callers from the primary
 * to the canary. Without a sticky value {@code d} is random: thread-local by default ({@link #random()}), or a
 * deterministic sequence in call order ({@link #seeded(long)}).
 *
 * <p>Thread-safe.
 */
public final class TrafficPolicy {
    private final AtomicLong seededState;

    private TrafficPolicy(AtomicLong seededState) {
        this.seededState = seededState;
    }

    /** Unsticky draws from {@link ThreadLocalRandom}. */
    public static TrafficPolicy random() {
        return new TrafficPolicy(null);
    }

    /** Unsticky draws from a sequence fixed by {@code seed}: the same calls in the same order pick the same. */
    public static TrafficPolicy seeded(long seed) {
        return new TrafficPolicy(new AtomicLong(seed));
    }

    /**
     * The version that answers for {@code deployment}.
     *
     * @param stickyValue the caller's sticky value, or {@code null} (or blank) for a random draw
     */
    public int choose(Deployment deployment, String stickyValue) {
        if (deployment.canary().isEmpty()) {
            return deployment.primaryVersion();
        }
        Deployment.Canary canary = deployment.canary().get();
        int draw = stickyValue == null || stickyValue.isBlank() ? draw() : bucket(deployment.name(), stickyValue);
        return draw < canary.percent() ? canary.version() : deployment.primaryVersion();
    }

    /**
     * The sticky bucket in [0, 100) of a caller: FNV-1a (64 bit) over the UTF-8 bytes of the deployment name, a
     * zero byte and the sticky value, finished with the SplitMix64 mixer, taken modulo 100. Stable across
     * processes and releases.
     */
    public static int bucket(String deployment, String stickyValue) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, deployment.getBytes(StandardCharsets.UTF_8));
        h = fnv(h, new byte[] {0});
        h = fnv(h, stickyValue.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(mix(h), 100);
    }

    private int draw() {
        if (seededState == null) {
            return ThreadLocalRandom.current().nextInt(100);
        }
        long next = seededState.addAndGet(0x9e3779b97f4a7c15L);
        return (int) Long.remainderUnsigned(mix(next), 100);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
