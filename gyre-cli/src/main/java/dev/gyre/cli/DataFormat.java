package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.client.DataVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How {@code gyre data} commands show versions and profiles to people. */
final class DataFormat {

    private DataFormat() {
    }

    /** {@code 891 rows × 12 columns, 60.1 KiB}, or {@code 3 files, 1.2 MiB} for a folder. */
    static String shape(DataVersion v) {
        if (v.isDirectory()) {
            return v.fileCount() + (v.fileCount() == 1 ? " file, " : " files, ") + Output.size(v.size());
        }
        String rows = v.rowCount() == null ? "" : v.rowCount() + " rows × " + v.schema().size() + " columns, ";
        return rows + Output.size(v.size());
    }

    /** The table of versions that {@code versions} and split results print. */
    static void versionTable(Output output, List<DataVersion> versions) {
        output.table(List.of("REF", "STATUS", "ROWS", "SIZE", "FORMAT", "SPLIT", "STEP", "CREATED", "BY"),
                versions.stream().map(v -> Arrays.asList(v.ref(), v.status(),
                        v.rowCount() == null ? "-" : String.valueOf(v.rowCount()), Output.size(v.size()), v.format(),
                        v.splitRole(), v.step(), Output.time(v.createdAt()), v.createdBy())).toList());
    }

    /**
     * A compact table of a profile summary: one row per column with its type, missing values, distinct
     * values, numeric range and mean, and the most frequent value.
     */
    static void profileTable(Output output, JsonNode profile) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode column : profile.path("columns")) {
            rows.add(Arrays.asList(column.path("name").asText(), column.path("type").asText(),
                    missing(column), distinct(column), value(column.get("min")), number(column.get("mean")),
                    value(column.get("max")), top(column)));
        }
        output.table(List.of("COLUMN", "TYPE", "MISSING", "DISTINCT", "MIN", "MEAN", "MAX", "TOP"), rows);
    }

    private static String missing(JsonNode column) {
        long missing = column.path("missing").asLong();
        if (missing == 0) {
            return "0";
        }
        JsonNode rate = column.get("missingRate");
        return missing + (rate != null && rate.isNumber() ? String.format(Locale.ROOT, " (%.1f%%)", rate.asDouble() * 100) : "");
    }

    private static String distinct(JsonNode column) {
        JsonNode distinct = column.get("distinct");
        if (distinct == null || distinct.isNull()) {
            return null;
        }
        return (column.path("distinctExact").asBoolean(true) ? "" : "~") + distinct.asText();
    }

    private static String top(JsonNode column) {
        JsonNode top = column.path("topValues");
        if (!top.isArray() || top.isEmpty()) {
            return null;
        }
        JsonNode first = top.get(0);
        if (first.path("count").asLong() < 2) {
            return null;
        }
        return shorten(first.path("value").asText(), 24) + " (" + first.path("count").asText() + ")";
    }

    /** A number with up to 4 significant digits, or a timestamp or text as it is. */
    static String value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isNumber() ? number(node) : shorten(node.asText(), 24);
    }

    static String number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isNumber()) {
            return node.asText();
        }
        double value = node.asDouble();
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        String text = String.format(Locale.ROOT, "%.4g", value);
        if (text.contains("e")) {
            return text;
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
