package dev.gyre.data.ingest;

import static dev.gyre.data.ingest.Inputs.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesTableStreamTest {

    private static JsonLinesTableStream jsonl(String text, IngestOptions options) {
        return JsonLinesTableStream.open(Inputs.utf8(text), "t.jsonl", options);
    }

    @Test
    void readsObjectsWithTheUnionOfKeysAndNestedValuesAsJsonText() {
        try (JsonLinesTableStream stream = JsonLinesTableStream.open(CsvTableStreamTest.resource("events.jsonl"),
                IngestOptions.DEFAULTS)) {
            assertThat(stream.schema().fields()).containsExactly(new Field("id", ColumnType.NUMERIC),
                    new Field("kind", ColumnType.CATEGORICAL), new Field("at", ColumnType.TIMESTAMP),
                    new Field("meta", ColumnType.CATEGORICAL), new Field("ok", ColumnType.BOOLEAN));
            List<Map<String, Object>> rows = rows(stream);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).containsEntry("id", 1.0).containsEntry("kind", "click")
                    .containsEntry("at", Instant.parse("2024-05-01T10:00:00Z"))
                    .containsEntry("meta", "{\"x\":1,\"tags\":[\"a\",\"b\"]}").containsEntry("ok", null);
            assertThat(rows.get(1)).containsEntry("meta", null).containsEntry("ok", true);
            assertThat(rows.get(2)).containsEntry("kind", null).containsEntry("meta", "[1,2]")
                    .containsEntry("at", Instant.parse("2024-05-02T00:00:00Z"));
            assertThat(stream.bytesRead()).isPositive();
        }
    }

    @Test
    void invalidJsonIsAnErrorNamingTheLine() {
        String text = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,}\n";
        assertThatThrownBy(() -> rows(jsonl(text, IngestOptions.DEFAULTS)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("File t.jsonl, line 3: invalid JSON");
        IngestOptions small = IngestOptions.DEFAULTS.withSampleRows(1);
        try (JsonLinesTableStream stream = jsonl("{\"a\": 1}\n{\"a\": 2}\n\n{\"a\": tru}\n", small)) {
            assertThatThrownBy(() -> rows(stream)).hasMessageContaining("line 4: invalid JSON");
        }
    }

    @Test
    void aLineThatIsNotOneObjectIsAnError() {
        assertThatThrownBy(() -> jsonl("[{\"a\": 1}]\n", IngestOptions.DEFAULTS))
                .hasMessageContaining("line 1: expected a JSON object ({...}) but found an array");
        assertThatThrownBy(() -> jsonl("{\"a\": 1}\n{\"a\": 2} {\"a\": 3}\n", IngestOptions.DEFAULTS))
                .hasMessageContaining("line 2: a second JSON value starts on the line where the previous object ends");
        assertThatThrownBy(() -> jsonl("{\"a\": 1, \"a\": 2}\n", IngestOptions.DEFAULTS))
                .hasMessageContaining("line 1: invalid JSON: Duplicate field 'a'");
    }

    @Test
    void aKeyFirstSeenAfterTheSampleIsAnErrorNamingTheOption() {
        String text = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3, \"b\": 4}\n";
        try (JsonLinesTableStream stream = jsonl(text, IngestOptions.DEFAULTS.withSampleRows(2))) {
            assertThatThrownBy(() -> rows(stream))
                    .hasMessageContaining("line 3: the key 'b' appears in none of the first 2 objects")
                    .hasMessageContaining("--sample-rows");
        }
    }

    @Test
    void aLateValueOfAnotherTypeIsAnErrorNamingTheOverride() {
        String text = "{\"n\": 1}\n{\"n\": 2}\n{\"n\": \"many\"}\n";
        try (JsonLinesTableStream stream = jsonl(text, IngestOptions.DEFAULTS.withSampleRows(2))) {
            assertThatThrownBy(() -> rows(stream))
                    .hasMessageContaining("File t.jsonl, line 3, column 'n': the value 'many' is not a number")
                    .hasMessageContaining("--type n=text");
        }
        try (JsonLinesTableStream stream = jsonl(text, IngestOptions.DEFAULTS.withType("n", ColumnType.TEXT))) {
            assertThat(rows(stream)).extracting(row -> row.get("n")).containsExactly("1", "2", "many");
        }
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThatThrownBy(() -> jsonl("\n\n", IngestOptions.DEFAULTS))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("File t.jsonl has no JSON objects");
    }

    @Test
    void aStringOverTheLimitIsAnErrorNamingTheOption() {
        String text = "{\"a\": \"" + "x".repeat(5000) + "\"}\n";
        assertThatThrownBy(() -> jsonl(text, IngestOptions.DEFAULTS.withMaxFieldBytes(1000)))
                .hasMessageContaining("line 1: a string is longer than the limit of 1000 characters")
                .hasMessageContaining("--max-field-bytes");
    }

    @Test
    void readsOtherEncodingsAndReportsInvalidBytes() {
        byte[] latin1 = "{\"city\": \"M\u00fcnchen\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        try (JsonLinesTableStream stream = JsonLinesTableStream.open(new ByteArrayInputStream(latin1), "t.jsonl",
                IngestOptions.DEFAULTS.withEncoding(StandardCharsets.ISO_8859_1))) {
            assertThat(rows(stream)).containsExactly(Map.of("city", "M\u00fcnchen"));
        }
        assertThatThrownBy(() -> JsonLinesTableStream.open(new ByteArrayInputStream(latin1), "t.jsonl",
                IngestOptions.DEFAULTS))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("line 1: invalid JSON")
                .hasMessageContaining("--encoding");
    }

    @Test
    void chunksAreAtMostTheChunkSize() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            text.append("{\"i\": ").append(i).append("}\n");
        }
        try (JsonLinesTableStream stream = jsonl(text.toString(), IngestOptions.DEFAULTS.withChunkRows(10)
                .withSampleRows(5))) {
            assertThat(Inputs.chunks(stream)).extracting(t -> t.rowCount()).containsExactly(10, 10, 5);
            assertThat(stream.rowsRead()).isEqualTo(25);
        }
    }
}
