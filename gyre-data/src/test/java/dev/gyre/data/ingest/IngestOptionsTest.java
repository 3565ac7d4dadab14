package dev.gyre.data.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestOptionsTest {

    @TempDir
    Path dir;

    @Test
    void hasDocumentedDefaults() {
        IngestOptions options = IngestOptions.defaults();
        assertThat(options.delimiter()).isNull();
        assertThat(options.header()).isEqualTo(IngestOptions.Header.PRESENT);
        assertThat(options.encoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(options.typeOverrides()).isEmpty();
        assertThat(options.sampleRows()).isEqualTo(10_000);
        assertThat(options.chunkRows()).isEqualTo(65_536);
        assertThat(options.maxFieldBytes()).isEqualTo(1 << 20);
        assertThat(options.delimiterFor("a.tsv")).isEqualTo('\t');
        assertThat(options.delimiterFor("a.csv")).isEqualTo(',');
        assertThat(options.withDelimiter(';').delimiterFor("a.tsv")).isEqualTo(';');
    }

    @Test
    void rejectsBadValuesSayingWhatIsAccepted() {
        assertThatThrownBy(() -> IngestOptions.DEFAULTS.withDelimiter('"'))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("--delimiter with one of ',' ';' '\\t' (tab) '|'");
        assertThatThrownBy(() -> IngestOptions.DEFAULTS.withSampleRows(0))
                .hasMessageContaining("sample rows (--sample-rows) must be between 1 and");
        assertThatThrownBy(() -> IngestOptions.DEFAULTS.withChunkRows(-5)).hasMessageContaining("chunk rows");
        assertThatThrownBy(() -> IngestOptions.DEFAULTS.withMaxFieldBytes(0)).hasMessageContaining("--max-field-bytes");
        assertThatThrownBy(() -> IngestOptions.DEFAULTS.withEncoding("latin-42"))
                .hasMessageContaining("Unknown encoding 'latin-42'").hasMessageContaining("--encoding");
        Map<String, ColumnType> bad = new HashMap<>();
        bad.put("", ColumnType.TEXT);
        assertThatThrownBy(() -> IngestOptions.DEFAULTS.withTypeOverrides(bad)).hasMessageContaining("--type");
    }

    @Test
    void picksTheReaderByExtensionOrExplicitFormat() throws Exception {
        assertThat(IngestFormat.fromFileName(Path.of("a/b.CSV"))).isEqualTo(IngestFormat.CSV);
        assertThat(IngestFormat.fromFileName(Path.of("b.tsv"))).isEqualTo(IngestFormat.CSV);
        assertThat(IngestFormat.fromFileName(Path.of("b.txt"))).isEqualTo(IngestFormat.CSV);
        assertThat(IngestFormat.fromFileName(Path.of("b.ndjson"))).isEqualTo(IngestFormat.JSONL);
        assertThat(IngestFormat.fromFileName(Path.of("b.jsonl"))).isEqualTo(IngestFormat.JSONL);
        assertThat(IngestFormat.fromFileName(Path.of("b.parquet"))).isEqualTo(IngestFormat.PARQUET);
        assertThat(IngestFormat.fromName("NDJSON")).isEqualTo(IngestFormat.JSONL);
        assertThatThrownBy(() -> IngestFormat.fromFileName(Path.of("data.xlsx")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Cannot tell the format of data.xlsx").hasMessageContaining("--format");
        assertThatThrownBy(() -> IngestFormat.fromName("xml")).hasMessageContaining("csv, jsonl, parquet");

        Path file = dir.resolve("data.log");
        Files.writeString(file, "{\"a\": 1}\n");
        try (var stream = Sources.open(file, IngestFormat.JSONL, IngestOptions.DEFAULTS)) {
            assertThat(stream).isInstanceOf(JsonLinesTableStream.class);
            assertThat(Inputs.rows(stream)).hasSize(1);
        }
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "a\n1\n");
        try (var stream = Sources.open(csv, IngestOptions.DEFAULTS)) {
            assertThat(stream).isInstanceOf(CsvTableStream.class);
        }
        assertThatThrownBy(() -> Sources.open(dir.resolve("missing.csv"), IngestOptions.DEFAULTS))
                .hasMessageContaining("missing.csv does not exist");
        assertThatThrownBy(() -> Sources.open(dir, IngestFormat.CSV, IngestOptions.DEFAULTS))
                .hasMessageContaining("is a folder");
    }
}
