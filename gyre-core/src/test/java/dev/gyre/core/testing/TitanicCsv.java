package dev.gyre.core.testing;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The example Titanic passengers as a {@link Table}, for the tests of modules that must not depend on the data
 * stage's readers: numeric, categorical ({@code Sex}, {@code Cabin}, {@code Embarked}) and text columns; an empty
 * field is missing. {@link #records} is a small CSV reader for tests (the data stage has the real one).
 */
public final class TitanicCsv {

    private static final Set<String> NUMERIC = Set.of("PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare");
    private static final Set<String> CATEGORICAL = Set.of("Sex", "Cabin", "Embarked");

    private TitanicCsv() {
    }

    /** The passengers of a file laid out like {@code examples/titanic/titanic.csv}. */
    public static Table read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The passengers of a class-path resource laid out like {@code examples/titanic/titanic.csv}. */
    public static Table resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixed 80/20 rule: every fifth passenger (by row, from the fifth) is in the test split. */
    public static Table train(Table all) {
        return all.take(IntStream.range(0, all.rowCount()).filter(i -> i % 5 != 4).toArray());
    }

    /** The rows {@link #train} leaves out. */
    public static Table test(Table all) {
        return all.take(IntStream.range(0, all.rowCount()).filter(i -> i % 5 == 4).toArray());
    }

    private static Table parse(String text) {
        List<List<String>> records = records(text);
        List<Field> schema = new ArrayList<>();
        for (String name : records.get(0)) {
            schema.add(new Field(name, NUMERIC.contains(name) ? ColumnType.NUMERIC
                    : CATEGORICAL.contains(name) ? ColumnType.CATEGORICAL : ColumnType.TEXT));
        }
        TableBuilder builder = new TableBuilder(new Schema(schema));
        for (List<String> raw : records.subList(1, records.size())) {
            if (raw.size() == 1 && raw.get(0).isBlank()) {
                continue;
            }
            Object[] row = new Object[schema.size()];
            for (int i = 0; i < row.length; i++) {
                String v = i < raw.size() ? raw.get(i) : "";
                row[i] = v.isEmpty() ? null
                        : schema.get(i).type() == ColumnType.NUMERIC ? (Object) Double.parseDouble(v) : v;
            }
            builder.addRow(row);
        }
        return builder.build();
    }

    /**
     * The records of a CSV text: commas separate, double quotes quote (line breaks included), {@code ""} is a
     * quote inside quotes, LF or CRLF end a record.
     */
    public static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
