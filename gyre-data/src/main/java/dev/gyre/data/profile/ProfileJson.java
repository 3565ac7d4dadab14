package dev.gyre.data.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;

/**
 * The JSON forms of a profile: the complete one (format {@value #FORMAT}, sketches as base64 of their bytes)
 * that reads back into an equal profile, and the summary for people. Doubles that are NaN are written as
 * {@code null}, infinite ones as the strings {@code "Infinity"} and {@code "-Infinity"}.
 */
final class ProfileJson {
    static final String FORMAT = "gyre.profile";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private ProfileJson() {
    }

    static String write(DatasetProfile profile) {
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("rowCount", profile.rowCount());
        ArrayNode columns = root.putArray("columns");
        for (ColumnProfile column : profile.columns()) {
            columns.add(writeState(column.state()));
        }
        return text(MAPPER, root);
    }

    private static ObjectNode writeState(ColumnState s) {
        ObjectNode node = NODES.objectNode();
        node.put("name", s.name);
        node.put("type", s.type.wireName());
        node.put("count", s.count);
        node.put("missing", s.missing);
        node.put("hll", B64.encodeToString(s.hll.toCompactByteArray()));
        switch (s.type) {
            case NUMERIC -> {
                ObjectNode numeric = node.putObject("numeric");
                numeric.put("n", s.n);
                numeric.set("mean", number(s.mean));
                numeric.set("m2", number(s.m2));
                numeric.set("min", number(s.min));
                numeric.set("max", number(s.max));
                numeric.put("zeros", s.zeros);
                numeric.put("kll", B64.encodeToString(s.kll.toByteArray()));
            }
            case TEXT -> {
                ObjectNode text = node.putObject("text");
                text.put("totalLength", s.totalLength);
                text.put("minLength", s.minLength);
                text.put("maxLength", s.maxLength);
            }
            case BOOLEAN -> node.putObject("boolean").put("trueCount", s.trueCount);
            case TIMESTAMP -> {
                ObjectNode timestamp = node.putObject("timestamp");
                timestamp.put("minMillis", s.minMillis);
                timestamp.put("maxMillis", s.maxMillis);
            }
            case CATEGORICAL -> {
                // value counts below
            }
        }
        if (s.values != null) {
            ObjectNode values = node.putObject("values");
            values.put("limit", s.values.limit());
            values.put("exact", s.values.isExact());
            if (s.values.isExact()) {
                ArrayNode counts = values.putArray("counts");
                for (ValueCount count : s.values.values()) {
                    counts.addObject().put("value", count.value()).put("count", count.count());
                }
            } else {
                values.put("sketch", B64.encodeToString(s.values.sketchBytes()));
            }
        }
        return node;
    }

    static DatasetProfile read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GyreException.InvalidArgument("profile: not valid JSON (" + e.getOriginalMessage()
                    + "); give a profile written by Gyre.", e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new GyreException.InvalidArgument("profile: not a Gyre profile (expected \"format\": \""
                    + FORMAT + "\"); give the complete profile JSON, not the summary.");
        }
        if (root.path("version").asInt() != VERSION) {
            throw new GyreException.InvalidArgument("profile: version " + root.path("version")
                    + " is not supported; this version of Gyre reads version " + VERSION + ".");
        }
        long rowCount = count(root, "rowCount", "profile");
        JsonNode columnsNode = root.path("columns");
        if (!columnsNode.isArray()) {
            throw bad("profile.columns", "must be an array");
        }
        List<ColumnProfile> columns = new ArrayList<>();
        for (int i = 0; i < columnsNode.size(); i++) {
            columns.add(new ColumnProfile(readState(columnsNode.get(i), "profile.columns[" + i + "]")));
        }
        return new DatasetProfile(rowCount, ProfileChecks.distinctNames(columns));
    }

    private static ColumnState readState(JsonNode node, String at) {
        String name = node.path("name").asText("");
        if (name.isEmpty()) {
            throw bad(at + ".name", "must be a non-empty string");
        }
        ColumnType type;
        try {
            type = ColumnType.fromWireName(node.path("type").asText(null));
        } catch (IllegalArgumentException e) {
            throw bad(at + ".type", e.getMessage());
        }
        ColumnState s = new ColumnState(name, type);
        s.count = count(node, "count", at);
        s.missing = count(node, "missing", at);
        try {
            s.hll = HllSketch.heapify(bytes(node, "hll", at));
            switch (type) {
                case NUMERIC -> {
                    JsonNode numeric = section(node, "numeric", at);
                    s.n = count(numeric, "n", at + ".numeric");
                    s.mean = real(numeric.path("mean"));
                    s.m2 = real(numeric.path("m2"));
                    s.min = real(numeric.path("min"));
                    s.max = real(numeric.path("max"));
                    s.zeros = count(numeric, "zeros", at + ".numeric");
                    s.kll = ProfileChecks.kllSketch(bytes(numeric, "kll", at + ".numeric"), at + ".numeric.kll");
                }
                case TEXT -> {
                    JsonNode text = section(node, "text", at);
                    s.totalLength = count(text, "totalLength", at + ".text");
                    s.minLength = text.path("minLength").asLong();
                    s.maxLength = text.path("maxLength").asLong();
                }
                case BOOLEAN -> s.trueCount = count(section(node, "boolean", at), "trueCount", at + ".boolean");
                case TIMESTAMP -> {
                    JsonNode timestamp = section(node, "timestamp", at);
                    s.minMillis = timestamp.path("minMillis").asLong();
                    s.maxMillis = timestamp.path("maxMillis").asLong();
                }
                case CATEGORICAL -> {
                    // value counts below
                }
            }
            if (type == ColumnType.CATEGORICAL || type == ColumnType.TEXT) {
                s.values = readValues(section(node, "values", at), at + ".values");
            }
        } catch (RuntimeException | AssertionError e) {
            // DataSketches reports some inconsistent headers with assert statements
            if (e instanceof GyreException g) {
                throw g;
            }
            throw new GyreException.InvalidArgument(at + ": a sketch cannot be read (" + e.getMessage()
                    + "); the profile is damaged, profile the data again.", e);
        }
        ProfileChecks.check(s, at);
        return s;
    }

    private static ValueCounter readValues(JsonNode values, String at) {
        int limit = values.path("limit").asInt(0);
        if (limit < 1) {
            throw bad(at + ".limit", "must be a positive integer");
        }
        if (values.path("exact").asBoolean()) {
            Map<String, Long> counts = new HashMap<>();
            for (JsonNode entry : values.path("counts")) {
                if (!entry.path("value").isTextual()) {
                    throw bad(at + ".counts", "every entry needs a string \"value\"");
                }
                counts.put(entry.get("value").asText(), count(entry, "count", at + ".counts"));
            }
            return ValueCounter.ofExact(limit, counts);
        }
        return ProfileChecks.itemsSketch(limit, bytes(values, "sketch", at), at + ".sketch");
    }

    static String summary(DatasetProfile profile, int topValues) {
        ObjectNode root = NODES.objectNode();
        root.put("rowCount", profile.rowCount());
        ArrayNode columns = root.putArray("columns");
        for (ColumnProfile c : profile.columns()) {
            ObjectNode node = columns.addObject();
            node.put("name", c.name());
            node.put("type", c.type().wireName());
            node.put("count", c.count());
            node.put("missing", c.missing());
            node.set("missingRate", number(c.missingRate()));
            node.put("distinct", c.distinct());
            node.put("distinctExact", c.distinctExact());
            c.numeric().ifPresent(n -> {
                node.set("min", number(n.min()));
                node.set("max", number(n.max()));
                node.set("mean", number(n.mean()));
                node.set("std", number(n.standardDeviation()));
                node.put("zeros", n.zeros());
                ObjectNode quantiles = node.putObject("quantiles");
                n.quantiles().forEach((key, value) -> quantiles.set(key, number(value)));
                ArrayNode histogram = node.putArray("histogram");
                for (Histogram.Bin bin : n.histogram().bins()) {
                    ObjectNode b = histogram.addObject();
                    b.set("low", number(bin.low()));
                    b.set("high", number(bin.high()));
                    b.put("count", bin.count());
                }
            });
            c.topValues().ifPresent(t -> {
                node.put("topValuesExact", t.exact());
                ArrayNode top = node.putArray("topValues");
                t.top(topValues).forEach(v -> top.addObject().put("value", v.value()).put("count", v.count()));
            });
            c.textLengths().ifPresent(l -> node.putObject("length").put("min", l.min()).put("max", l.max())
                    .set("mean", number(l.mean())));
            c.trueCount().ifPresent(t -> node.put("trueCount", t));
            c.timeRange().ifPresent(r -> node.put("min", r.min().toString()).put("max", r.max().toString()));
        }
        return text(PRETTY, root);
    }

    /** A double as JSON: a number when finite, null for NaN, a string for an infinity. */
    static JsonNode number(double value) {
        if (Double.isNaN(value)) {
            return NODES.nullNode();
        }
        if (Double.isInfinite(value)) {
            return NODES.textNode(value > 0 ? "Infinity" : "-Infinity");
        }
        return NODES.numberNode(value);
    }

    private static double real(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return Double.parseDouble(node.asText());
        }
        return Double.NaN;
    }

    private static JsonNode section(JsonNode node, String field, String at) {
        JsonNode section = node.path(field);
        if (!section.isObject()) {
            throw bad(at + "." + field, "is missing");
        }
        return section;
    }

    private static long count(JsonNode node, String field, String at) {
        JsonNode value = node.path(field);
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw bad(at + "." + field, "must be a non-negative integer");
        }
        return value.asLong();
    }

    private static byte[] bytes(JsonNode node, String field, String at) {
        JsonNode value = node.path(field);
        try {
            if (value.isTextual()) {
                return Base64.getDecoder().decode(value.asText());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw bad(at + "." + field, "must be base64 sketch bytes");
    }

    private static GyreException.InvalidArgument bad(String at, String problem) {
        return new GyreException.InvalidArgument(at + ": " + problem + "; give a profile written by Gyre.");
    }

    private static String text(ObjectMapper mapper, JsonNode root) {
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write a profile as JSON.", e);
        }
    }
}
