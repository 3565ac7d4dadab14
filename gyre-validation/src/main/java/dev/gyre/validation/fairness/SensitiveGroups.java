package dev.gyre.validation.fairness;

import dev.gyre.validation.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The group of every row for one or several sensitive attributes. With several attributes the group is their
 * intersection (the tuple of values). Immutable.
 */
public final class SensitiveGroups {

    private final List<String> attributes;
    private final Map<String, String[]> columns;
    private final GroupKey[] keys;

    private SensitiveGroups(List<String> attributes, Map<String, String[]> columns, GroupKey[] keys) {
        this.attributes = attributes;
        this.columns = columns;
        this.keys = keys;
    }

    /** A single sensitive attribute. */
    public static SensitiveGroups of(String attribute, String[] values) {
        Map<String, String[]> map = new LinkedHashMap<>();
        map.put(attribute, values);
        return of(map);
    }

    /**
     * Several sensitive attributes, in the iteration order of the map (use a {@link LinkedHashMap}).
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument when no attribute is given, a column is null, empty or
     *                                                     holds a null value, or the columns differ in length
     */
    public static SensitiveGroups of(Map<String, String[]> attributeValues) {
        if (attributeValues == null || attributeValues.isEmpty()) {
            throw Checks.invalid("no sensitive attribute given; pass at least one column of group values");
        }
        List<String> attributes = new ArrayList<>(attributeValues.keySet());
        Map<String, String[]> columns = new LinkedHashMap<>();
        int n = -1;
        for (String attribute : attributes) {
            String[] values = attributeValues.get(attribute);
            int len = Checks.length(values, "sensitive attribute '" + attribute + "'");
            Checks.nonEmpty(len, "sensitive attribute '" + attribute + "'");
            if (n >= 0 && len != n) {
                throw Checks.invalid("sensitive attribute '" + attribute + "' has " + len + " rows but '"
                        + attributes.get(0) + "' has " + n + "; pass one value per row for every attribute");
            }
            n = len;
            for (int i = 0; i < len; i++) {
                if (values[i] == null) {
                    throw Checks.invalid("sensitive attribute '" + attribute + "' has no value in row " + i
                            + "; fill missing values with an explicit group such as \"unknown\"");
                }
            }
            columns.put(attribute, values.clone());
        }
        GroupKey[] keys = new GroupKey[n];
        Map<List<String>, GroupKey> interned = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> tuple = new ArrayList<>(attributes.size());
            for (String attribute : attributes) {
                tuple.add(columns.get(attribute)[i]);
            }
            keys[i] = interned.computeIfAbsent(tuple, t -> new GroupKey(attributes, t));
        }
        return new SensitiveGroups(List.copyOf(attributes), columns, keys);
    }

    public List<String> attributes() {
        return attributes;
    }

    public int rowCount() {
        return keys.length;
    }

    public GroupKey keyOf(int row) {
        return keys[row];
    }

    /** The distinct values of one attribute, sorted. */
    public Set<String> valuesOf(String attribute) {
        String[] column = columns.get(attribute);
        if (column == null) {
            throw Checks.invalid("unknown sensitive attribute '" + attribute + "'; known attributes: " + attributes);
        }
        return new TreeSet<>(List.of(column));
    }

    /** The value of one attribute in one row. */
    public String valueOf(String attribute, int row) {
        String[] column = columns.get(attribute);
        if (column == null) {
            throw Checks.invalid("unknown sensitive attribute '" + attribute + "'; known attributes: " + attributes);
        }
        return column[row];
    }
}
