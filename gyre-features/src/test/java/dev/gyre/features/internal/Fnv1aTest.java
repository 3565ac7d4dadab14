package dev.gyre.features.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Fnv1aTest {

    @Test
    void matchesThePublishedTestVectors() {
        assertThat(Fnv1a.hash("")).isEqualTo(0x811C9DC5);
        assertThat(Fnv1a.hash("a")).isEqualTo(0xE40C292C);
        assertThat(Fnv1a.hash("foobar")).isEqualTo(0xBF9CF968);
    }

    @Test
    void hashesTheUtf8BytesOfAnyString() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                s.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            String text = s.toString();
            assertThat(Fnv1a.hash(text)).as(text).isEqualTo(reference(text.getBytes(StandardCharsets.UTF_8)));
        }
        String emoji = "ticket 😀";
        assertThat(Fnv1a.hash(emoji)).isEqualTo(reference(emoji.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bucketsAreTheUnsignedHashModuloTheCount() {
        assertThat(Fnv1a.bucket("a", 16)).isEqualTo(Integer.remainderUnsigned(0xE40C292C, 16)).isEqualTo(12);
    }

    private static int reference(byte[] bytes) {
        int h = 0x811C9DC5;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return h;
    }
}
