package dev.gyre.data.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import dev.gyre.data.TableStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {

    @TempDir
    Path dir;

    /** A stream over tables already in memory. */
    private static TableStream of(Table... tables) {
        Deque<Table> queue = new ArrayDeque<>(List.of(tables));
        return new TableStream() {
            long rows;

            @Override
            public Schema schema() {
                return tables[0].schema();
            }

            @Override
            public Table next() {
                Table next = queue.poll();
                rows += next == null ? 0 : next.rowCount();
                return next;
            }

            @Override
            public long rowsRead() {
                return rows;
            }

            @Override
            public void close() {
            }
        };
    }

    private static Table sample() {
        BitSet missing = new BitSet();
        missing.set(2);
        return Table.of(
                new NumericColumn("x", new double[]{1, 0.1, 0, 1e21, -0.0}, missing),
                CategoricalColumn.of("kind", "a,b", "plain", null, "say \"hi\"", "line\nbreak"),
                new BooleanColumn("ok", 5, BitSet.valueOf(new long[]{0b01001}), missing),
                new TimestampColumn("at", new long[]{0, 1_709_288_130_123L, 0, 1_709_288_130_000L, 86_400_000L}, missing),
                TextColumn.of("note", " padded ", "", null, "cr\rhere", "x"));
    }

    @Test
    void writesRfc4180WithLfAndQuotesOnlyWhenNeeded() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(CsvWriter.write(of(sample()), out)).isEqualTo(5);
        assertThat(out.toString()).isEqualTo("x,kind,ok,at,note\n"
                + "1,\"a,b\",true,1970-01-01T00:00:00Z, padded \n"
                + "0.1,plain,false,2024-03-01T10:15:30.123Z,\n"
                + ",,,,\n"
                + "1.0E21,\"say \"\"hi\"\"\",true,2024-03-01T10:15:30Z,\"cr\rhere\"\n"
                + "-0.0,\"line\nbreak\",false,1970-01-02T00:00:00Z,x\n");
    }

    @Test
    void aWrittenFileReadsBackToTheSameValues() throws Exception {
        Path file = dir.resolve("round-trip.csv");
        Table table = sample();
        assertThat(CsvWriter.write(of(table.slice(0, 2), table.slice(2, 5)), file)).isEqualTo(5);
        IngestOptions options = IngestOptions.DEFAULTS.withType("kind", dev.gyre.core.table.ColumnType.CATEGORICAL)
                .withType("note", dev.gyre.core.table.ColumnType.TEXT);
        try (CsvTableStream stream = CsvTableStream.open(file, options)) {
            Table back = stream.next();
            assertThat(back.schema()).isEqualTo(table.schema());
            for (int r = 0; r < table.rowCount(); r++) {
                if (r == 0) {
                    assertThat(back.column("note").get(r)).isEqualTo(" padded ");
                }
                for (String column : List.of("x", "kind", "ok", "at")) {
                    assertThat(back.column(column).get(r)).as(column + " " + r).isEqualTo(table.column(column).get(r));
                }
            }
            // the empty string cannot be told from missing in CSV
            assertThat(back.column("note").isMissing(1)).isTrue();
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void escapesOnlyWhatNeedsIt() {
        assertThat(CsvWriter.escape("plain text")).isEqualTo("plain text");
        assertThat(CsvWriter.escape("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvWriter.escape("5'11\"")).isEqualTo("\"5'11\"\"\"");
    }
}
