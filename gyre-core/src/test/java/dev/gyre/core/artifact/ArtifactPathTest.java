package dev.gyre.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactPathTest {

    /** Each rejected path with a fragment the error message must contain. */
    static Stream<Arguments> rejectedPaths() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("/etc/passwd", "absolute"),
                Arguments.of("/", "absolute"),
                Arguments.of("..", "'..' segment"),
                Arguments.of("../secret", "'..' segment"),
                Arguments.of("models/../../secret", "'..' segment"),
                Arguments.of("models/..", "'..' segment"),
                Arguments.of(".", "'.' segment"),
                Arguments.of("a/./b", "'.' segment"),
                Arguments.of("a/.../b", "'...' segment"),
                Arguments.of("a\\b", "backslash"),
                Arguments.of("..\\..\\windows\\win.ini", "backslash"),
                Arguments.of("a\u0000b", "control character U+0000"),
                Arguments.of("model.bin\u0000.txt", "control character"),
                Arguments.of("a\nb", "control character U+000A"),
                Arguments.of("a\tb", "control character"),
                Arguments.of("a\u007fb", "control character U+007F"),
                Arguments.of("a\u0085b", "control character"),
                Arguments.of("a//b", "empty segment"),
                Arguments.of("a/", "empty segment"),
                Arguments.of("%2e%2e/secret", "send the decoded name"),
                Arguments.of("%252e%252e/secret", "send the decoded name"),
                Arguments.of("a%2fb", "send the decoded name"),
                Arguments.of("a%00b", "send the decoded name"),
                Arguments.of("%c0%ae%c0%ae/secret", "send the decoded name"),
                Arguments.of("%u002e%u002e/secret", "send the decoded name"),
                Arguments.of("a;b", "';'"),
                Arguments.of("a#b", "'#'"),
                Arguments.of("a?b=c", "'?'"),
                Arguments.of("C:", "':'"),
                Arguments.of("C:/Windows/win.ini", "':'"),
                Arguments.of("file:/etc/passwd", "':'"),
                Arguments.of("file:///etc/passwd", "':'"),
                Arguments.of("s3://other-bucket/key", "':'"),
                Arguments.of("~/.ssh/id_rsa", "'~'"),
                Arguments.of("~root", "'~'"),
                Arguments.of("\uFF0E\uFF0E/secret", "NFKC"),
                Arguments.of("a\uFF0Fb", "NFKC"),
                Arguments.of("\uFF0E\uFF0E\uFF0Fsecret", "NFKC"),
                Arguments.of("a\uFF3Cb", "NFKC"),
                Arguments.of("\u2025/secret", "NFKC"),
                Arguments.of("a\uFF1Ab", "NFKC"),
                Arguments.of("a/\u2024", "NFKC"),
                Arguments.of("a\u202Egnp.exe", "formatting character U+202E"),
                Arguments.of("a\u200Bb", "formatting character"),
                Arguments.of("a\u2028b", "line separator"),
                Arguments.of("x".repeat(256), "256 bytes"),
                Arguments.of("\u00e9".repeat(128), "256 bytes"),
                Arguments.of(("d".repeat(200) + "/").repeat(6) + "f", "characters long"),
                Arguments.of(".gyre-tmp/upload", "reserved"),
                Arguments.of(".gyre-meta/a.txt", "reserved"),
                Arguments.of(".GYRE-META/a.txt", "reserved"),
                Arguments.of(".gyre", "reserved"),
                Arguments.of("a\uD800b", "surrogate"),
                Arguments.of("CON", "device"),
                Arguments.of("models/nul.txt", "device"),
                Arguments.of("logs/com1.log", "device"),
                Arguments.of("LPT9", "device"),
                Arguments.of("aux.tar.gz", "device"));
    }

    @ParameterizedTest(name = "[{index}] rejects \"{0}\"")
    @MethodSource("rejectedPaths")
    void rejectsUnsafePathWithMessageSayingWhatIsWrong(String raw, String expectedFragment) {
        assertThatThrownBy(() -> ArtifactPath.of(raw))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining(expectedFragment)
                .hasMessageStartingWith("Artifact path");
    }

    @Test
    void rejectsAtLeastTwentyFiveVariants() {
        assertThat(rejectedPaths().count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "[{index}] accepts \"{0}\"")
    @ValueSource(strings = {
        "a.txt",
        "models/v1/model.bin",
        "data/2024-01-01.csv",
        "donn\u00e9es/\u00e9.csv",
        "my model/weights v2.bin",
        "c++/a+b.txt",
        "a..b",
        "..a",
        "a..",
        ".hidden",
        "gyre/.gyre-tmp",
        "models/.gyre-meta",
        "a~b/~c",
        "console.txt",
        "CONFIG/com10.txt",
        "null.bin",
        "\u6a21\u578b/\u6743\u91cd.bin",
        "emoji/\uD83D\uDE80.png",
        "\u00e9tude/r\u00e9sum\u00e9 (final) [v2] {x} @ 100! $ & = , ' .txt"
    })
    void acceptsOrdinaryNames(String raw) {
        ArtifactPath path = ArtifactPath.of(raw);
        assertThat(path.value()).isEqualTo(Normalizer.normalize(raw, Normalizer.Form.NFC));
        assertThat(String.join("/", path.segments())).isEqualTo(path.value());
    }

    @Test
    void acceptsLongestAllowedSegmentAndPath() {
        String segment = "s".repeat(ArtifactPath.MAX_SEGMENT_BYTES);
        assertThat(ArtifactPath.of(segment).value()).hasSize(255);

        List<String> parts = new ArrayList<>();
        int length = 0;
        while (length + 101 <= ArtifactPath.MAX_PATH_LENGTH) {
            parts.add("p".repeat(100));
            length += 101;
        }
        String path = String.join("/", parts);
        path = path + "/" + "q".repeat(ArtifactPath.MAX_PATH_LENGTH - path.length() - 1);
        assertThat(path).hasSize(ArtifactPath.MAX_PATH_LENGTH);
        assertThat(ArtifactPath.of(path).value()).isEqualTo(path);
    }

    @Test
    void rejectsNullWithHelpfulMessage() {
        assertThatThrownBy(() -> ArtifactPath.of(null))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("models/model.bin");
    }

    @Test
    void constructorValidatesLikeOf() {
        assertThatThrownBy(() -> new ArtifactPath("../x")).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void composedAndDecomposedSpellingsAreTheSamePath() {
        ArtifactPath composed = ArtifactPath.of("caf\u00e9.csv");
        ArtifactPath decomposed = ArtifactPath.of("cafe\u0301.csv");
        assertThat(decomposed).isEqualTo(composed);
        assertThat(decomposed.value()).isEqualTo("caf\u00e9.csv");
    }

    @Test
    void messageEscapesControlCharactersAndDoesNotEchoThemRaw() {
        assertThatThrownBy(() -> ArtifactPath.of("evil\nlog line"))
                .hasMessageContaining("evil" + "U+000A" + "log line")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void messageForPercentEncodingTellsToSendTheDecodedName() {
        assertThatThrownBy(() -> ArtifactPath.of("a%20b.txt"))
                .hasMessageContaining("send the decoded name");
    }

    @Test
    void resolveValidatesTheChild() {
        ArtifactPath base = ArtifactPath.of("models");
        assertThat(base.resolve("v1/model.bin").value()).isEqualTo("models/v1/model.bin");
        assertThatThrownBy(() -> base.resolve("../../etc/passwd")).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> base.resolve("")).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void segmentsAndFileName() {
        ArtifactPath path = ArtifactPath.of("models/v1/model.bin");
        assertThat(path.segments()).containsExactly("models", "v1", "model.bin");
        assertThat(path.fileName()).isEqualTo("model.bin");
        assertThat(ArtifactPath.of("a.txt").fileName()).isEqualTo("a.txt");
    }

    @Test
    void startsWithIsSegmentWise() {
        ArtifactPath path = ArtifactPath.of("models/v1/model.bin");
        assertThat(path.startsWith(ArtifactPath.of("models"))).isTrue();
        assertThat(path.startsWith(ArtifactPath.of("models/v1/model.bin"))).isTrue();
        assertThat(path.startsWith(ArtifactPath.of("model"))).isFalse();
    }

    @Test
    void ordersByCodePointLikeUtf8Bytes() {
        // U+FF61 sorts before U+1F680 by code point (and UTF-8 bytes) but after it in UTF-16 units.
        ArtifactPath bmp = ArtifactPath.of("x\uFF61");
        ArtifactPath astral = ArtifactPath.of("x\uD83D\uDE80");
        assertThat(bmp.compareTo(astral)).isNegative();
        assertThat(astral.compareTo(bmp)).isPositive();
        assertThat(ArtifactPath.of("a-b").compareTo(ArtifactPath.of("a/b"))).isNegative();
        assertThat(ArtifactPath.of("a").compareTo(ArtifactPath.of("a/b"))).isNegative();
        assertThat(ArtifactPath.of("a/b").compareTo(ArtifactPath.of("a/b"))).isZero();
    }
}
