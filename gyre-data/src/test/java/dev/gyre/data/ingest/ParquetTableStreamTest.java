package dev.gyre.data.ingest;

import static dev.gyre.data.ingest.Inputs.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import dev.gyre.data.internal.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableStreamTest {

    @TempDir
    Path dir;

    private Path writeParquet(String name, String select) throws Exception {
        Path file = dir.resolve(name);
        try (Connection connection = DuckDb.open();
             PreparedStatement copy = connection.prepareStatement("COPY (" + select + ") TO '"
                     + file.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT parquet)")) {
            copy.execute();
        }
        return file;
    }

    private static final String SAMPLE = "SELECT range AS id, range::INTEGER * 1.5 AS score,"
            + " CAST(range AS DECIMAL(10,2)) / 4 AS price, 'c' || (range % 3) AS colour,"
            + " 'a long and unique description number ' || range AS note, range % 2 = 0 AS even,"
            + " DATE '2024-01-01' + range::INTEGER AS day,"
            + " TIMESTAMP '2024-01-01 10:00:00.250' + INTERVAL (range) HOUR AS at,"
            + " TIMESTAMPTZ '2024-01-01 10:00:00+02' AS zoned,"
            + " CASE WHEN range = 3 THEN NULL ELSE range END AS gaps, [range, range] AS pair"
            + " FROM range(1000)";

    @Test
    void mapsParquetTypesToColumnTypes() throws Exception {
        Path file = writeParquet("sample.parquet", SAMPLE);
        try (ParquetTableStream stream = ParquetTableStream.open(file, IngestOptions.DEFAULTS)) {
            assertThat(stream.schema().fields()).containsExactly(new Field("id", ColumnType.NUMERIC),
                    new Field("score", ColumnType.NUMERIC), new Field("price", ColumnType.NUMERIC),
                    new Field("colour", ColumnType.CATEGORICAL), new Field("note", ColumnType.TEXT),
                    new Field("even", ColumnType.BOOLEAN), new Field("day", ColumnType.TIMESTAMP),
                    new Field("at", ColumnType.TIMESTAMP), new Field("zoned", ColumnType.TIMESTAMP),
                    new Field("gaps", ColumnType.NUMERIC), new Field("pair", ColumnType.TEXT));
            List<Map<String, Object>> rows = rows(stream);
            assertThat(rows).hasSize(1000);
            assertThat(rows.get(3)).containsEntry("id", 3.0).containsEntry("score", 4.5).containsEntry("price", 0.75)
                    .containsEntry("colour", "c0").containsEntry("even", false)
                    .containsEntry("day", Instant.parse("2024-01-04T00:00:00Z"))
                    .containsEntry("at", Instant.parse("2024-01-01T13:00:00.250Z"))
                    .containsEntry("zoned", Instant.parse("2024-01-01T08:00:00Z"))
                    .containsEntry("gaps", null).containsEntry("pair", "[3, 3]");
            assertThat(stream.rowsRead()).isEqualTo(1000);
            assertThat(stream.fileSize()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void readsInChunksWithOverrides() throws Exception {
        Path file = writeParquet("chunks.parquet", SAMPLE);
        IngestOptions options = IngestOptions.DEFAULTS.withChunkRows(300).withSampleRows(50)
                .withType("id", ColumnType.CATEGORICAL).withType("note", ColumnType.CATEGORICAL);
        try (TableStream stream = Sources.open(file, options)) {
            assertThat(stream.schema().field("id").orElseThrow().type()).isEqualTo(ColumnType.CATEGORICAL);
            List<Table> chunks = Inputs.chunks(stream);
            assertThat(chunks).extracting(Table::rowCount).containsExactly(300, 300, 300, 100);
            assertThat(chunks.get(3).column("id").get(99)).isEqualTo("999");
        }
    }

    @Test
    void aValueThatDoesNotFitAnOverrideNamesTheRow() throws Exception {
        Path file = writeParquet("codes.parquet", "SELECT CASE WHEN range = 7 THEN 'n/a?' ELSE range::VARCHAR END AS code"
                + " FROM range(10)");
        try (ParquetTableStream stream = ParquetTableStream.open(file,
                IngestOptions.DEFAULTS.withType("code", ColumnType.NUMERIC))) {
            assertThatThrownBy(() -> rows(stream))
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("codes.parquet, row 8, column 'code': the value 'n/a?' is not a number");
        }
    }

    @Test
    void aTruncatedFileIsAnErrorNamingTheFile() throws Exception {
        Path file = writeParquet("whole.parquet", SAMPLE);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.parquet");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ParquetTableStream.open(truncated, IngestOptions.DEFAULTS))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("truncated.parquet could not be read as Parquet")
                .hasMessageContaining("truncated, corrupt or not a Parquet file");
    }

    @Test
    void aFileThatIsNotParquetOrMissingIsAnError() throws Exception {
        Path text = dir.resolve("text.parquet");
        Files.writeString(text, "id,name\n1,x\n");
        assertThatThrownBy(() -> ParquetTableStream.open(text, IngestOptions.DEFAULTS))
                .hasMessageContaining("text.parquet could not be read as Parquet");
        assertThatThrownBy(() -> ParquetTableStream.open(dir.resolve("absent.parquet"), IngestOptions.DEFAULTS))
                .hasMessageContaining("absent.parquet does not exist");
    }
}
