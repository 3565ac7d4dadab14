package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.artifact.ArtifactPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {

    private static final byte[] CONTENT = "the stored bytes".getBytes(StandardCharsets.UTF_8);
    private static final ArtifactPath PATH = ArtifactPath.of("m.bin");

    private static String sha(byte[] bytes) throws IOException {
        return TestStreams.sha256(new ByteArrayInputStream(bytes));
    }

    @Test
    void passesMatchingContentThroughByteByByteAndWithSkips() throws IOException {
        try (InputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), PATH, CONTENT.length,
                sha(CONTENT))) {
            assertThat(in.read()).isEqualTo('t');
            assertThat(in.skip(3)).isEqualTo(3);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("stored bytes");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void mismatchThrowsAtEndAndOnEveryLaterRead() throws IOException {
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), PATH, CONTENT.length,
                sha("other bytes".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("SHA-256");
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("m.bin");
    }

    @Test
    void skippingToTheEndStillVerifies() throws IOException {
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), PATH, CONTENT.length,
                sha("x".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> in.skip(1000)).isInstanceOf(IOException.class);
    }

    @Test
    void moreBytesThanRecordedFailBeforeTheEnd() {
        InputStream in = new VerifyingInputStream(TestStreams.seeded(1, 1_000_000), PATH, 10, sha10());

        assertThatThrownBy(() -> in.read(new byte[100])).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than the recorded 10 bytes");
    }

    private static String sha10() {
        try {
            return sha(new byte[10]);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pageTokensRoundTripAndAreOpaque() {
        String token = PageTokens.encode(ArtifactPath.of("models/v1/a.bin"));

        assertThat(token).doesNotContain("models");
        assertThat(PageTokens.decode(token)).isEqualTo("models/v1/a.bin");
        assertThat(PageTokens.decode(null)).isNull();
    }
}
