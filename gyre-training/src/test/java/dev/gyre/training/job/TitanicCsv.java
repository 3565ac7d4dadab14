package dev.gyre.training.job;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Reads the example Titanic passengers for tests: quoted fields allowed, an empty field is missing. */
final class TitanicCsv {

    static final Path FILE = Path.of("..", "examples", "titanic", "titanic.csv");
    private static final Set<String> NUMERIC = Set.of("PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare");
    private static final Set<String> CATEGORICAL = Set.of("Sex", "Cabin", "Embarked");

    private TitanicCsv() {
    }

    static Table passengers() throws IOException {
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        List<String> header = fields(lines.get(0));
        List<Field> schema = new ArrayList<>();
        for (String name : header) {
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
                row[i] = v.isEmpty() ? null : schema.get(i).type() == ColumnType.NUMERIC ? (Object) Double.parseDouble(v) : v;
            }
            builder.addRow(row);
        }
        return builder.build();
    }

    /** The fixed 80/20 rule: every fifth passenger (by row, from the fifth) is in the test split. */
    static Table train(Table all) {
        return all.take(IntStream.range(0, all.rowCount()).filter(i -> i % 5 != 4).toArray());
    }

    static Table test(Table all) {
        return all.take(IntStream.range(0, all.rowCount()).filter(i -> i % 5 == 4).toArray());
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
