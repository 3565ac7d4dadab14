package dev.gyre.data.ingest;

import static dev.gyre.data.ingest.Inputs.csv;
import static dev.gyre.data.ingest.Inputs.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import java.io.IOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableStreamTest {

    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(CsvTableStreamTest.class.getResource("/ingest/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsACrlfFileWithQuotedFieldsIntoTypedColumns() {
        try (CsvTableStream stream = CsvTableStream.open(resource("people-crlf.csv"), IngestOptions.DEFAULTS)) {
            assertThat(stream.schema()).isEqualTo(Schema.of(new Field("name", ColumnType.CATEGORICAL),
                    new Field("age", ColumnType.NUMERIC), new Field("member", ColumnType.BOOLEAN),
                    new Field("joined", ColumnType.TIMESTAMP)));
            List<Map<String, Object>> rows = rows(stream);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).containsEntry("name", "Smith, Ann").containsEntry("age", 34.0)
                    .containsEntry("member", true).containsEntry("joined", Instant.parse("2021-03-04T00:00:00Z"));
            assertThat(rows.get(1)).containsEntry("age", null)
                    .containsEntry("joined", Instant.parse("2022-11-30T08:15:00Z"));
            assertThat(rows.get(2)).containsEntry("name", "Multi\r\nline").containsEntry("member", null)
                    .containsEntry("joined", Instant.parse("2020-01-01T12:00:00Z"));
            assertThat(stream.rowsRead()).isEqualTo(3);
            assertThat(stream.bytesRead()).isEqualTo(128);
        }
    }

    @Test
    void readsALatin1FileWhenTheEncodingIsGiven() {
        IngestOptions latin1 = IngestOptions.DEFAULTS.withEncoding("ISO-8859-1");
        try (CsvTableStream stream = CsvTableStream.open(resource("cities-latin1.csv"), latin1)) {
            assertThat(rows(stream)).extracting(row -> row.get("city"))
                    .containsExactly("M\u00fcnchen", "Z\u00fcrich", "S\u00e3o Paulo");
        }
    }

    @Test
    void invalidUtf8InAFileNamesTheFileLineAndOffset() {
        Path file = resource("invalid-utf8.csv");
        assertThatThrownBy(() -> {
            try (CsvTableStream stream = CsvTableStream.open(file, IngestOptions.DEFAULTS)) {
                rows(stream);
            }
        }).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("invalid-utf8.csv, line 3")
                .hasMessageContaining("0xE9 at byte offset 19")
                .hasMessageContaining("--encoding");
    }

    @Test
    void withoutAHeaderNamesColumnsByPosition() {
        try (CsvTableStream stream = csv("1,a\n2,b\n", IngestOptions.DEFAULTS.withHeader(IngestOptions.Header.ABSENT))) {
            assertThat(stream.schema().names()).containsExactly("col_1", "col_2");
            assertThat(rows(stream)).extracting(row -> row.get("col_1")).containsExactly(1.0, 2.0);
        }
    }

    @Test
    void autoHeaderTakesAnUntypedFirstRowOverTypedValuesAsTheHeader() {
        IngestOptions auto = IngestOptions.DEFAULTS.withHeader(IngestOptions.Header.AUTO);
        try (CsvTableStream stream = csv("id,city\n1,Oslo\n2,Rome\n", auto)) {
            assertThat(stream.schema().names()).containsExactly("id", "city");
            assertThat(rows(stream)).hasSize(2);
        }
        try (CsvTableStream stream = csv("1,Oslo\n2,Rome\n", auto)) {
            assertThat(stream.schema().names()).containsExactly("col_1", "col_2");
            assertThat(rows(stream)).hasSize(2);
        }
        try (CsvTableStream stream = csv("red,small\nblue,large\nred,large\n", auto)) {
            assertThat(stream.schema().names()).containsExactly("col_1", "col_2");
        }
    }

    @Test
    void headerNamesAreTrimmed() {
        try (CsvTableStream stream = csv(" id , name \n1,x\n", IngestOptions.DEFAULTS)) {
            assertThat(stream.schema().names()).containsExactly("id", "name");
        }
    }

    @Test
    void aRaggedRowIsAnErrorNamingTheLineAndTheCounts() {
        String text = "a,b,c\n1,2,3\n\"x\ny\",5,6\n7,8,9,10\n";
        assertThatThrownBy(() -> rows(csv(text, IngestOptions.DEFAULTS)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("File t.csv, line 5: this row has 4 fields but the header has 3 columns")
                .hasMessageContaining("--delimiter");
        IngestOptions small = IngestOptions.DEFAULTS.withSampleRows(1).withHeader(IngestOptions.Header.ABSENT);
        assertThatThrownBy(() -> rows(csv("1,2\n3,4\n5\n", small)))
                .hasMessageContaining("line 3: this row has 1 fields but the first row has 2 fields");
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThatThrownBy(() -> csv("", IngestOptions.DEFAULTS))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("File t.csv is empty");
    }

    @Test
    void aHeaderOnlyFileIsAnErrorSayingThereAreNoRows() {
        assertThatThrownBy(() -> csv("id,name\r\n", IngestOptions.DEFAULTS))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("File t.csv has a header [id, name] but no rows");
    }

    @Test
    void duplicateAndEmptyHeaderNamesAreErrorsWithTheFix() {
        assertThatThrownBy(() -> csv("id,name,id\n1,2,3\n", IngestOptions.DEFAULTS))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("line 1: the header names both column 1 and column 3 'id'")
                .hasMessageContaining("--no-header");
        assertThatThrownBy(() -> csv("id,,x\n1,2,3\n", IngestOptions.DEFAULTS))
                .hasMessageContaining("line 1, column 2: the header gives this column no name")
                .hasMessageContaining("--no-header");
    }

    @Test
    void aLateValueThatDoesNotFitTheInferredTypeIsAnErrorNamingTheOverride() {
        StringBuilder text = new StringBuilder("id,Age\n");
        for (int i = 1; i <= 50; i++) {
            text.append(i).append(',').append(20 + i).append('\n');
        }
        text.append("51,unknown\n");
        IngestOptions options = IngestOptions.DEFAULTS.withSampleRows(10).withChunkRows(7);
        try (CsvTableStream stream = csv(text.toString(), options)) {
            assertThat(stream.schema().field("Age").orElseThrow().type()).isEqualTo(ColumnType.NUMERIC);
            assertThatThrownBy(() -> rows(stream))
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("File t.csv, line 52, column 'Age': the value 'unknown' is not a number")
                    .hasMessageContaining("from the first 10 rows")
                    .hasMessageContaining("--type Age=text");
        }
        try (CsvTableStream stream = csv(text.toString(), options.withType("Age", ColumnType.TEXT))) {
            List<Map<String, Object>> rows = rows(stream);
            assertThat(rows).hasSize(51);
            assertThat(rows.get(50)).containsEntry("Age", "unknown");
        }
    }

    @Test
    void overridesReplaceInferenceAndAValueThatDoesNotFitNamesTheOverride() {
        String text = "code,flag,score\n001,yes,1\n002,no,x\n";
        IngestOptions options = IngestOptions.DEFAULTS.withType("code", ColumnType.CATEGORICAL)
                .withType("flag", ColumnType.BOOLEAN).withType("score", ColumnType.NUMERIC);
        try (CsvTableStream stream = csv(text, options)) {
            assertThat(stream.schema().fields()).extracting(Field::type)
                    .containsExactly(ColumnType.CATEGORICAL, ColumnType.BOOLEAN, ColumnType.NUMERIC);
            assertThatThrownBy(() -> rows(stream))
                    .hasMessageContaining("line 3, column 'score': the value 'x' is not a number, the type given with"
                            + " --type score=numeric");
        }
        try (CsvTableStream stream = csv("code,flag\n001,yes\n002,NO\n", options.withTypeOverrides(
                Map.of("code", ColumnType.CATEGORICAL, "flag", ColumnType.BOOLEAN)))) {
            Table table = stream.next();
            assertThat(((CategoricalColumn) table.column("code")).dictionary()).containsExactly("001", "002");
            assertThat(table.column("flag").get(0)).isEqualTo(true);
            assertThat(table.column("flag").get(1)).isEqualTo(false);
        }
    }

    @Test
    void anOverrideForAnUnknownColumnIsAnError() {
        assertThatThrownBy(() -> csv("a,b\n1,2\n", IngestOptions.DEFAULTS.withType("A", ColumnType.TEXT)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("File t.csv has no column 'A' for --type A=text: the columns are [a, b]");
    }

    @Test
    void aTsvFileIsTabDelimitedByItsName() throws IOException {
        Path file = dir.resolve("scores.tsv");
        Files.writeString(file, "name\tscore\nAnn, Jr.\t1.5\n");
        try (var stream = Sources.open(file, IngestOptions.DEFAULTS)) {
            assertThat(rows(stream)).containsExactly(Map.of("name", "Ann, Jr.", "score", 1.5));
        }
    }

    @Test
    void chunkedReadingGivesTheSameValuesAsReadingWhole() throws IOException {
        Path file = dir.resolve("generated.csv");
        Random random = new Random(42);
        String[] colours = {"red", "green", "blue", "cyan"};
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,x,colour,flag,at,note\n");
            for (int i = 0; i < 200_000; i++) {
                double x = random.nextGaussian() * 1000;
                out.write(i + "," + (i % 97 == 0 ? "" : TextValues.formatNumber(x)) + "," + colours[random.nextInt(4)]
                        + "," + (i % 2 == 0) + "," + Instant.ofEpochMilli(1_700_000_000_000L + i * 1000L)
                        + ",\"note " + i + ", with \"\"quotes\"\"\"\n");
            }
        }
        IngestOptions whole = IngestOptions.DEFAULTS.withChunkRows(1_000_000);
        IngestOptions chunked = IngestOptions.DEFAULTS.withChunkRows(10_000);
        try (CsvTableStream a = CsvTableStream.open(file, whole); CsvTableStream b = CsvTableStream.open(file, chunked)) {
            assertThat(a.schema()).isEqualTo(b.schema());
            assertThat(a.schema().fields()).extracting(Field::type).containsExactly(ColumnType.NUMERIC,
                    ColumnType.NUMERIC, ColumnType.CATEGORICAL, ColumnType.BOOLEAN, ColumnType.TIMESTAMP,
                    ColumnType.TEXT);
            Table all = a.next();
            assertThat(a.next()).isNull();
            assertThat(all.rowCount()).isEqualTo(200_000);
            int offset = 0;
            int chunks = 0;
            for (Table chunk = b.next(); chunk != null; chunk = b.next()) {
                assertThat(chunk.rowCount()).isEqualTo(10_000);
                for (int r = 0; r < chunk.rowCount(); r++) {
                    if (!chunk.row(r).equals(all.row(offset + r))) {
                        assertThat(chunk.row(r)).as("row %d", offset + r).isEqualTo(all.row(offset + r));
                    }
                }
                offset += chunk.rowCount();
                chunks++;
            }
            assertThat(chunks).isEqualTo(20);
            assertThat(b.rowsRead()).isEqualTo(200_000);
            assertThat(b.bytesRead()).isEqualTo(Files.size(file));
            assertThat(all.row(1234)).containsEntry("note", "note 1234, with \"quotes\"");
            assertThat(all.column("x").isMissing(97)).isTrue();
        }
    }
}
