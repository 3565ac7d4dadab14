package dev.gyre.serving.protocol;

import static dev.gyre.serving.protocol.JsonInput.cell;
import static dev.gyre.serving.protocol.JsonInput.describe;
import static dev.gyre.serving.protocol.JsonInput.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds records from the JSON forms the protocols share (objects, positional rows, columns), under the limits. */
final class Records {

    private final CodecLimits limits;

    Records(CodecLimits limits) {
        this.limits = limits;
    }

    /** Refuses zero records and more than {@link CodecLimits#maxRecords()}. */
    void checkRecordCount(long n, String where) {
        if (n == 0) {
            throw invalid(where + " holds no records; send at least one.");
        }
        if (n > limits.maxRecords()) {
            throw invalid(where + " holds " + n + " records; the limit is " + limits.maxRecords()
                    + " (maxRecords). Split the request into smaller ones.");
        }
    }

    /** Refuses more than {@link CodecLimits#maxColumns()} columns. */
    void checkColumnCount(long k, String where) {
        if (k > limits.maxColumns()) {
            throw invalid(where + " has " + k + " columns; the limit is " + limits.maxColumns() + " (maxColumns).");
        }
    }

    /** A usable column name: not blank. */
    static String columnName(String name, String where) {
        if (name == null || name.isBlank()) {
            throw invalid(where + " is a blank column name; name every column.");
        }
        return name;
    }

    /** The column names of a JSON array of strings, distinct and not blank. */
    List<String> columnNames(JsonNode names, String where) {
        if (names == null || !names.isArray()) {
            throw invalid(where + " must be an array of column names, not " + describe(names) + ".");
        }
        checkColumnCount(names.size(), where);
        List<String> out = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            JsonNode n = names.get(i);
            if (!n.isTextual()) {
                throw invalid(where + "[" + i + "] must be a string column name, not " + describe(n) + ".");
            }
            String name = columnName(n.textValue(), where + "[" + i + "]");
            if (!seen.add(name)) {
                throw invalid(where + " names column '" + name + "' twice; column names must be distinct.");
            }
            out.add(name);
        }
        return out;
    }

    /** One record from a JSON object of column to scalar. */
    Map<String, Object> fromObject(JsonNode object, String where) {
        checkColumnCount(object.size(), where);
        Map<String, Object> record = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = columnName(f.getKey(), where + " key");
            record.put(name, cell(f.getValue(), where + "." + name));
        }
        return record;
    }

    /** One record from a positional JSON array, in the given column order. */
    Map<String, Object> fromRow(JsonNode row, List<String> columns, String where) {
        if (row.size() != columns.size()) {
            throw invalid(where + " has " + row.size() + " values but there are " + columns.size() + " columns "
                    + preview(columns) + "; send one value per column, in that order.");
        }
        Map<String, Object> record = new LinkedHashMap<>();
        for (int j = 0; j < columns.size(); j++) {
            record.put(columns.get(j), cell(row.get(j), where + "[" + j + "]"));
        }
        return record;
    }

    /**
     * Records from a JSON array whose items are all objects (records) or all arrays (rows in column order). A
     * one-column model also accepts bare scalars.
     */
    List<Map<String, Object>> fromRows(JsonNode items, List<String> columns, String where) {
        if (items == null || !items.isArray()) {
            throw invalid(where + " must be an array of records, not " + describe(items) + ".");
        }
        checkRecordCount(items.size(), where);
        JsonNode first = items.get(0);
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = where + "[" + i + "]";
            if (first.isObject() && item.isObject()) {
                out.add(fromObject(item, at));
            } else if (first.isArray() && item.isArray()) {
                out.add(fromRow(item, requireOrder(columns, at), at));
            } else if (first.isValueNode() && item.isValueNode() && !first.isObject()) {
                List<String> order = requireOrder(columns, at);
                if (order.size() != 1) {
                    throw invalid(at + " is a bare value but the model has " + order.size()
                            + " columns; send an object per record.");
                }
                Map<String, Object> record = new LinkedHashMap<>();
                record.put(order.get(0), cell(item, at));
                out.add(record);
            } else {
                throw invalid(at + " is " + describe(item) + " but " + where + "[0] is " + describe(first)
                        + "; send every record in the same form (all objects or all arrays).");
            }
        }
        return out;
    }

    /** Records from a JSON object of column to array of values (all the same length), or of column to scalar. */
    List<Map<String, Object>> fromColumns(JsonNode object, String where) {
        checkColumnCount(object.size(), where);
        if (object.isEmpty()) {
            throw invalid(where + " names no columns; send at least one column.");
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(n -> names.add(columnName(n, where + " key")));
        boolean scalars = !object.get(names.get(0)).isArray();
        int n = scalars ? 1 : object.get(names.get(0)).size();
        checkRecordCount(n, where);
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new LinkedHashMap<>());
        }
        for (String name : names) {
            JsonNode values = object.get(name);
            String at = where + "." + name;
            if (scalars) {
                if (values.isArray()) {
                    throw invalid(at + " is an array but other columns are single values; send arrays for all.");
                }
                out.get(0).put(name, cell(values, at));
                continue;
            }
            if (!values.isArray()) {
                throw invalid(at + " is " + describe(values) + " but other columns are arrays; send arrays for all.");
            }
            if (values.size() != n) {
                throw invalid(at + " has " + values.size() + " values but " + where + "." + names.get(0) + " has "
                        + n + "; every column needs the same number of values.");
            }
            for (int i = 0; i < n; i++) {
                out.get(i).put(name, cell(values.get(i), at + "[" + i + "]"));
            }
        }
        return out;
    }

    /** Request parameters: an object of scalars (and, when allowed, arrays of scalars). */
    Map<String, Object> parameters(JsonNode object, String where, boolean allowLists) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (object == null || object.isNull()) {
            return out;
        }
        if (!object.isObject()) {
            throw invalid(where + " must be an object, not " + describe(object) + ".");
        }
        checkColumnCount(object.size(), where);
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String at = where + "." + f.getKey();
            JsonNode v = f.getValue();
            if (allowLists && v.isArray()) {
                List<Object> list = new ArrayList<>(v.size());
                for (int i = 0; i < v.size(); i++) {
                    list.add(cell(v.get(i), at + "[" + i + "]"));
                }
                out.put(f.getKey(), java.util.Collections.unmodifiableList(list));
            } else {
                out.put(f.getKey(), cell(v, at));
            }
        }
        return out;
    }

    static List<String> requireOrder(List<String> columns, String where) {
        if (columns == null || columns.isEmpty()) {
            throw invalid(where + " is a positional row but the model's column order is unknown; send each record"
                    + " as an object of column name to value.");
        }
        return columns;
    }

    static String preview(List<String> columns) {
        List<String> head = columns.size() <= 10 ? columns : columns.subList(0, 10);
        return head + (columns.size() > 10 ? "…" : "");
    }
}
