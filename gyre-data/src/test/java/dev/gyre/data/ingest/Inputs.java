package dev.gyre.data.ingest;

import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Inputs and collectors shared by the ingest tests. */
final class Inputs {
    private Inputs() {
    }

    static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out one byte per read, so every buffer boundary falls everywhere once. */
    static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    static List<String[]> records(CsvReader reader) {
        List<String[]> out = new ArrayList<>();
        for (String[] record = reader.next(); record != null; record = reader.next()) {
            out.add(record);
        }
        return out;
    }

    static List<String[]> parse(String text, char delimiter) {
        try (CsvReader reader = new CsvReader(utf8(text), "File t.csv", delimiter, StandardCharsets.UTF_8, 1 << 20)) {
            return records(reader);
        }
    }

    static CsvTableStream csv(String text, IngestOptions options) {
        return CsvTableStream.open(utf8(text), "t.csv", options);
    }

    /** Every row of the stream, chunk after chunk, as column name → value maps. */
    static List<Map<String, Object>> rows(TableStream stream) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Table chunk = stream.next(); chunk != null; chunk = stream.next()) {
            for (int r = 0; r < chunk.rowCount(); r++) {
                out.add(chunk.row(r));
            }
        }
        return out;
    }

    /** The chunks of the stream. */
    static List<Table> chunks(TableStream stream) {
        List<Table> out = new ArrayList<>();
        for (Table chunk = stream.next(); chunk != null; chunk = stream.next()) {
            out.add(chunk);
        }
        return out;
    }
}
