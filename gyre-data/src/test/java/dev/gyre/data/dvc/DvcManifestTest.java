package dev.gyre.data.dvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DvcManifestTest {

    /** What DVC (Python's json.dumps with sort_keys=True) writes for {@link #ENTRIES}, byte for byte. */
    static final String EXPECTED_JSON = "[{\"md5\": \"93e3a3696bfcadafd2cdf3f540135420\", \"relpath\": \"a-b/y.csv\"}, "
            + "{\"md5\": \"b1946ac92492d2347c6235b4d2611184\", \"relpath\": \"a/x.txt\"}, "
            + "{\"md5\": \"9dd4e461268c8034f5c8564e155c67a6\", \"relpath\": \"caf\\u00e9/men\\u00fc.txt\"}, "
            + "{\"md5\": \"441077cc9e57554dd476bdfb8b8b8102\", \"relpath\": \"emoji-\\ud83d\\ude00.bin\"}, "
            + "{\"md5\": \"d41d8cd98f00b204e9800998ecf8427e\", \"relpath\": \"q\\\"uote.txt\"}]";

    /** The files: relpath and content. Listed out of order on purpose. */
    static final List<String[]> ENTRIES = List.of(
            new String[] {"q\"uote.txt", ""},
            new String[] {"caf\u00e9/men\u00fc.txt", "x"},
            new String[] {"a/x.txt", "hello\n"},
            new String[] {"emoji-\uD83D\uDE00.bin", "\u0000\u0001"},
            new String[] {"a-b/y.csv", "id,v\n1,2\n"});

    @Test
    void writesTheManifestByteForByteAsDvcDoes() {
        List<DvcManifest.Entry> entries = ENTRIES.stream()
                .map(e -> new DvcManifest.Entry(md5(e[1].getBytes(StandardCharsets.UTF_8)), e[0]))
                .toList();

        DvcManifest manifest = new DvcManifest(entries);

        assertThat(manifest.toJson()).isEqualTo(EXPECTED_JSON);
        assertThat(manifest.toBytes()).isEqualTo(EXPECTED_JSON.getBytes(StandardCharsets.US_ASCII));
        assertThat(manifest.md5()).isEqualTo(md5(EXPECTED_JSON.getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("82d31bfd2ee46156276aa4e46d53765f");
        assertThat(manifest.dirHash()).isEqualTo("82d31bfd2ee46156276aa4e46d53765f.dir");
    }

    @Test
    void sortsByTheWholeRelpathStringNotBySegments() {
        DvcManifest manifest = new DvcManifest(List.of(
                new DvcManifest.Entry("b1946ac92492d2347c6235b4d2611184", "a/x"),
                new DvcManifest.Entry("b1946ac92492d2347c6235b4d2611184", "a-b/x"),
                new DvcManifest.Entry("b1946ac92492d2347c6235b4d2611184", "a.txt")));

        assertThat(manifest.entries()).extracting(DvcManifest.Entry::relpath).containsExactly("a-b/x", "a.txt", "a/x");
    }

    @Test
    void escapesControlCharactersAsPythonDoes() {
        StringBuilder out = new StringBuilder();

        DvcManifest.appendPythonString(out, "tab\there\u007f\u0001\\");

        assertThat(out).hasToString("\"tab\\there\\u007f\\u0001\\\\\"");
    }

    @Test
    void parsesWhatDvcWroteAndRefusesWhatIsNotAManifest() {
        DvcManifest parsed = DvcManifest.parse(EXPECTED_JSON.getBytes(StandardCharsets.US_ASCII));

        assertThat(parsed.entries()).hasSize(5);
        assertThat(parsed.entries().get(2).relpath()).isEqualTo("caf\u00e9/men\u00fc.txt");
        assertThat(parsed.toJson()).isEqualTo(EXPECTED_JSON);
        assertThatThrownBy(() -> DvcManifest.parse("{\"md5\": 1}".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not a JSON list");
        assertThatThrownBy(() -> DvcManifest.parse(
                "[{\"md5\": \"b1946ac92492d2347c6235b4d2611184\", \"relpath\": \"../etc/passwd\"}]"
                        .getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
