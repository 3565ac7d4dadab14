package dev.gyre.tracking.internal;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Readable names for runs created without one, shaped like MLflow's: {@code adjective-noun-123}. */
public final class RunNames {

    private static final List<String> ADJECTIVES = List.of("able", "bold", "brave", "bright", "calm", "clever",
            "crisp", "eager", "fair", "gentle", "glad", "keen", "kind", "lively", "lucky", "merry", "neat", "nimble",
            "proud", "quick", "quiet", "rare", "sharp", "shy", "smart", "steady", "swift", "tidy", "vivid", "wise");
    private static final List<String> NOUNS = List.of("ant", "bass", "bear", "bee", "carp", "crane", "deer", "dove",
            "eel", "finch", "fox", "frog", "goat", "hawk", "hen", "jay", "koi", "lark", "lynx", "mole", "moth", "newt",
            "owl", "ram", "seal", "shrew", "slug", "snail", "toad", "wren");

    private RunNames() {
    }

    /** A random name such as {@code swift-owl-417}. */
    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size()))
                + "-" + random.nextInt(1000);
    }
}
