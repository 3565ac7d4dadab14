package dev.gyre.core.table;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ordered fields of a table; names are unique. */
public record Schema(List<Field> fields) {
    public Schema {
        fields = List.copyOf(fields);
        Map<String, Integer> seen = new HashMap<>();
        for (Field field : fields) {
            if (seen.put(field.name(), 0) != null) {
                throw new IllegalArgumentException("Duplicate column name '" + field.name()
                        + "': every column needs its own name.");
            }
        }
    }

    public static Schema of(Field... fields) {
        return new Schema(List.of(fields));
    }

    public int size() {
        return fields.size();
    }

    /** The index of the named column, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<Field> field(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
    }

    public List<String> names() {
        return Collections.unmodifiableList(fields.stream().map(Field::name).toList());
    }
}
