package dev.gyre.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Specs for tests. */
final class Specs {
    private Specs() {
    }

    static FeatureSpec parse(String yaml) {
        return new FeatureSpecParser().parse(yaml);
    }

    static String resource(String name) {
        try (InputStream in = Specs.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FeatureSpec titanic() {
        return parse(resource("titanic-features.yaml"));
    }
}
