package dev.gyre.features;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import dev.gyre.core.testing.TitanicCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tiny CSV reader for tests: RFC 4180 quotes, an empty field is missing, types given per column. */
final class CsvTables {
    /** The Titanic passengers shipped with the examples. */
    static final Path TITANIC = Path.of("..", "examples", "titanic", "titanic.csv");

    /** The Titanic columns' types. */
    static final Map<String, ColumnType> TITANIC_TYPES = Map.ofEntries(
            Map.entry("PassengerId", ColumnType.NUMERIC), Map.entry("Survived", ColumnType.NUMERIC),
            Map.entry("Pclass", ColumnType.NUMERIC), Map.entry("Name", ColumnType.TEXT),
            Map.entry("Sex", ColumnType.CATEGORICAL), Map.entry("Age", ColumnType.NUMERIC),
            Map.entry("SibSp", ColumnType.NUMERIC), Map.entry("Parch", ColumnType.NUMERIC),
            Map.entry("Ticket", ColumnType.TEXT), Map.entry("Fare", ColumnType.NUMERIC),
            Map.entry("Cabin", ColumnType.CATEGORICAL), Map.entry("Embarked", ColumnType.CATEGORICAL));

    private CsvTables() {
    }

    static Table titanic() {
        return read(TITANIC, TITANIC_TYPES);
    }

    static Table read(Path path, Map<String, ColumnType> types) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<String>> records = parse(text);
        List<String> header = records.get(0);
        List<Field> fields = new ArrayList<>();
        for (String name : header) {
            fields.add(new Field(name, types.getOrDefault(name, ColumnType.TEXT)));
        }
        TableBuilder builder = new TableBuilder(new Schema(fields));
        for (List<String> record : records.subList(1, records.size())) {
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                String raw = i < record.size() ? record.get(i) : "";
                values[i] = raw.isEmpty() ? null
                        : fields.get(i).type() == ColumnType.NUMERIC ? (Object) Double.parseDouble(raw) : raw;
            }
            builder.addRow(values);
        }
        return builder.build();
    }

    private static List<List<String>> parse(String text) {
        return TitanicCsv.records(text);
    }
}
