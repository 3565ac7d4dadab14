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
 * field is missing. A small CSV reader: commas separate, double quotes quote, {@code ""} is a quote inside quotes
 * (enough for this file; the data stage has the real reader).
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
        List<String> lines = text.lines().toList();
        List<Field> schema = new ArrayList<>();
        for (String name : fields(lines.get(0))) {
            schema.add(new Field(name, NUMERIC.contains(name) ? ColumnType.NUMERIC
                    : CATEGORICAL.contains(name) ? ColumnType.CATEGORICAL : ColumnType.TEXT));
        }
        TableBuilder builder = new TableBuilder(new Schema(schema));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> raw = fields(line);
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

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
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
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
