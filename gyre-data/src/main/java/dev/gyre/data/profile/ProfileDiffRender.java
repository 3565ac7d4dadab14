package dev.gyre.data.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The JSON and text renderings of a {@link ProfileDiff}. */
final class ProfileDiffRender {
    /** The most changed value shares shown per column in the text rendering. */
    private static final int VALUE_LINES = 5;
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ProfileDiffRender() {
    }

    static String json(ProfileDiff diff) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("rowCount").put("before", diff.rowCountBefore()).put("after", diff.rowCountAfter());
        ArrayNode added = root.putArray("addedColumns");
        diff.addedColumns().forEach(f -> added.addObject().put("name", f.name()).put("type", f.type().wireName()));
        ArrayNode removed = root.putArray("removedColumns");
        diff.removedColumns().forEach(f -> removed.addObject().put("name", f.name()).put("type", f.type().wireName()));
        ArrayNode types = root.putArray("typeChanges");
        diff.typeChanges().forEach(t -> types.addObject().put("column", t.column())
                .put("before", t.before().wireName()).put("after", t.after().wireName()));
        ArrayNode columns = root.putArray("columns");
        for (ProfileDiff.ColumnDiff column : diff.columns()) {
            ObjectNode node = columns.addObject();
            node.put("name", column.column());
            node.put("typeBefore", column.typeBefore().wireName());
            node.put("typeAfter", column.typeAfter().wireName());
            node.put("changed", column.changed());
            ArrayNode stats = node.putArray("statistics");
            for (ProfileDiff.StatChange stat : column.statistics()) {
                ObjectNode s = stats.addObject();
                s.put("name", stat.statistic());
                s.set("before", ProfileJson.number(stat.before()));
                s.set("after", ProfileJson.number(stat.after()));
                s.set("delta", ProfileJson.number(stat.delta()));
                s.set("relativeChange", ProfileJson.number(stat.relativeChange()));
                s.put("changed", stat.changed());
            }
            ArrayNode top = node.putArray("topValues");
            for (ProfileDiff.ValueShareChange share : column.topValues()) {
                ObjectNode v = top.addObject();
                v.put("value", share.value());
                v.set("before", ProfileJson.number(share.before()));
                v.set("after", ProfileJson.number(share.after()));
            }
        }
        try {
            return PRETTY.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write a profile diff as JSON.", e);
        }
    }

    static String text(ProfileDiff diff) {
        StringBuilder out = new StringBuilder();
        long before = diff.rowCountBefore();
        long after = diff.rowCountAfter();
        out.append("rows: ").append(before).append(" → ").append(after);
        if (before != after) {
            out.append(" (").append(signed(after - before));
            if (before != 0) {
                out.append(", ").append(percent((double) (after - before) / before, true));
            }
            out.append(')');
        }
        out.append('\n');
        if (!diff.addedColumns().isEmpty()) {
            out.append("added columns: ").append(fields(diff.addedColumns())).append('\n');
        }
        if (!diff.removedColumns().isEmpty()) {
            out.append("removed columns: ").append(fields(diff.removedColumns())).append('\n');
        }
        for (ProfileDiff.TypeChange change : diff.typeChanges()) {
            out.append("type changed: ").append(change.column()).append(' ').append(change.before().wireName())
                    .append(" → ").append(change.after().wireName()).append('\n');
        }
        List<String> unchanged = new ArrayList<>();
        for (ProfileDiff.ColumnDiff column : diff.columns()) {
            if (!column.changed()) {
                unchanged.add(column.column());
                continue;
            }
            out.append(column.column()).append(" (").append(column.typeAfter().wireName()).append(")\n");
            boolean time = column.typeBefore() == ColumnType.TIMESTAMP && column.typeAfter() == ColumnType.TIMESTAMP;
            for (ProfileDiff.StatChange stat : column.statistics()) {
                if (!stat.changed()) {
                    continue;
                }
                boolean instant = time && (stat.statistic().equals("min") || stat.statistic().equals("max"));
                boolean rate = stat.statistic().endsWith("_rate");
                out.append("  ").append(pad(stat.statistic(), 13)).append(' ');
                if (instant) {
                    out.append(instant(stat.before())).append(" → ").append(instant(stat.after()));
                } else if (rate) {
                    out.append(percent(stat.before(), false)).append(" → ").append(percent(stat.after(), false));
                } else {
                    out.append(number(stat.before())).append(" → ").append(number(stat.after()));
                    if (Double.isFinite(stat.relativeChange())) {
                        out.append(" (").append(percent(stat.relativeChange(), true)).append(')');
                    }
                }
                out.append('\n');
            }
            int shown = 0;
            int hidden = 0;
            for (ProfileDiff.ValueShareChange share : column.topValues()) {
                if (!share.changed()) {
                    continue;
                }
                if (shown == VALUE_LINES) {
                    hidden++;
                    continue;
                }
                shown++;
                out.append("  ").append(pad(quote(share.value()), 13)).append(' ')
                        .append(percent(share.before(), false)).append(" → ")
                        .append(percent(share.after(), false)).append('\n');
            }
            if (hidden > 0) {
                out.append("  … and ").append(hidden).append(hidden == 1 ? " more value\n" : " more values\n");
            }
        }
        if (!unchanged.isEmpty()) {
            out.append("unchanged: ").append(String.join(", ", unchanged)).append('\n');
        }
        return out.toString();
    }

    private static String fields(List<Field> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach(f -> parts.add(f.name() + " (" + f.type().wireName() + ")"));
        return String.join(", ", parts);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** A value in single quotes, control characters and quotes escaped, long values shortened. */
    static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 39) + "…" : value;
        StringBuilder out = new StringBuilder("'");
        for (char c : shown.toCharArray()) {
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private static String instant(double millis) {
        return Double.isNaN(millis) ? "-" : Instant.ofEpochMilli((long) millis).toString();
    }

    private static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }

    private static String percent(double fraction, boolean signed) {
        if (Double.isNaN(fraction)) {
            return "-";
        }
        String text = number(fraction * 100) + "%";
        return signed && fraction > 0 ? "+" + text : text;
    }

    /** Four significant digits, no trailing zeros; "-" for NaN. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            return new BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }
}
