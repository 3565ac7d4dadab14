package dev.gyre.serving.protocol;

import static dev.gyre.serving.protocol.JsonInput.invalid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an RFC 4180 CSV body into records: a header row of distinct column names, then one row per record with as
 * many fields. Fields may be quoted ({@code "a,b"}, {@code ""} for a quote, line breaks inside); rows end with LF,
 * CRLF or CR; blank lines are skipped. Unquoted fields become Long, Double or Boolean ({@code true}/{@code false},
 * any case) when they read as one, else String; an empty unquoted field is {@code null}; a quoted field is always a
 * String.
 */
final class CsvInput {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final CodecLimits limits;
    private final Records records;

    CsvInput(CodecLimits limits) {
        this.limits = limits;
        this.records = new Records(limits);
    }

    private record Field(String text, boolean quoted) {
    }

    List<Map<String, Object>> read(byte[] body) {
        JsonInput.checkBody(body, limits, "CSV");
        String text = JsonInput.utf8(body);
        List<List<Field>> rows = rows(text);
        if (rows.isEmpty()) {
            throw invalid("The CSV body has no header row; send a header of column names, then one row per record.");
        }
        List<Field> headerFields = rows.get(0);
        List<String> header = new ArrayList<>(headerFields.size());
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < headerFields.size(); j++) {
            String name = Records.columnName(headerFields.get(j).text(), "CSV header column " + (j + 1));
            if (!seen.add(name)) {
                throw invalid("The CSV header names column '" + name + "' twice; column names must be distinct.");
            }
            header.add(name);
        }
        records.checkRecordCount(rows.size() - 1L, "The CSV body");
        List<Map<String, Object>> out = new ArrayList<>(rows.size() - 1);
        for (int i = 1; i < rows.size(); i++) {
            List<Field> row = rows.get(i);
            if (row.size() != header.size()) {
                throw invalid("CSV record " + i + " has " + row.size() + " fields but the header has " + header.size()
                        + "; send one field per column (quote fields that contain commas).");
            }
            Map<String, Object> record = new LinkedHashMap<>();
            for (int j = 0; j < row.size(); j++) {
                record.put(header.get(j), value(row.get(j), "CSV record " + i + ", column '" + header.get(j) + "'"));
            }
            out.add(record);
        }
        return out;
    }

    private static Object value(Field f, String where) {
        String s = f.text();
        if (f.quoted()) {
            return s;
        }
        if (s.isEmpty()) {
            return null;
        }
        if (INTEGER.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooBig) {
                return JsonInput.finite(Double.parseDouble(s), where);
            }
        }
        if (DECIMAL.matcher(s).matches()) {
            return JsonInput.finite(Double.parseDouble(s), where);
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        return s;
    }

    private List<List<Field>> rows(String text) {
        List<List<Field>> rows = new ArrayList<>();
        List<Field> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i <= n) {
            boolean quoted = false;
            int startLine = line;
            field.setLength(0);
            if (i < n && text.charAt(i) == '"') {
                quoted = true;
                i++;
                while (true) {
                    if (i >= n) {
                        throw invalid("CSV line " + startLine + " opens a quoted field that is never closed; end it"
                                + " with a double quote.");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            append(field, '"', line);
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        append(field, c, line);
                    }
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    throw invalid("CSV line " + line + " has characters after a closing quote; quote the whole"
                            + " field and double any quote inside it.");
                }
            } else {
                while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        throw invalid("CSV line " + line + " has a double quote inside an unquoted field; quote"
                                + " the field and double the quote.");
                    }
                    append(field, c, line);
                }
            }
            row.add(new Field(field.toString(), quoted));
            if (row.size() > limits.maxColumns()) {
                records.checkColumnCount(row.size(), "CSV line " + line);
            }
            if (i < n && text.charAt(i) == ',') {
                i++;
                continue;
            }
            // end of row: a line break or the end of the text
            if (!(row.size() == 1 && !row.get(0).quoted() && row.get(0).text().isEmpty())) {
                rows.add(row);
                if (rows.size() > limits.maxRecords() + 1L) {
                    records.checkRecordCount(rows.size() - 1L, "The CSV body");
                }
            }
            row = new ArrayList<>();
            if (i >= n) {
                break;
            }
            if (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i++;
            }
            i++;
            line++;
            if (i >= n) {
                break;
            }
        }
        return rows;
    }

    private void append(StringBuilder field, char c, int line) {
        if (field.length() >= limits.maxStringLength()) {
            throw invalid("A CSV field on line " + line + " is longer than " + limits.maxStringLength()
                    + " characters (maxStringLength); shorten it.");
        }
        field.append(c);
    }
}
