package dev.gyre.data.validate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an {@link ExpectationSuite} from YAML (the shape is shown on {@link ExpectationSuite}).
 *
 * <p>Fields: {@code name} (required), {@code description} (optional, ignored) and {@code expectations}, a
 * non-empty list. Each expectation has {@code expect} (one of {@link Expectation#KINDS}) and the fields of its
 * kind: {@code column} for all but {@code row_count_between}; {@code min}/{@code max} for {@code between}
 * (numbers, or ISO-8601 timestamps such as {@code 2024-01-31} or {@code 2024-01-31T12:00:00Z}, read as UTC) and
 * {@code row_count_between} (whole numbers); {@code values} for {@code in_set} (a list; numbers and booleans
 * are compared in their string form); {@code regex} for {@code regex}; {@code type} for {@code type}; and
 * {@code mostly} (0 to 1, default 1) for the column expectations other than {@code type}. Unknown or repeated
 * fields are errors.
 *
 * <p>Every error is a {@link GyreException.InvalidArgument} whose message starts with the source, the line and
 * the field ({@code suite.yaml line 9, expectations[1].mostly: ...}) and says how to fix it. Thread-safe.
 */
public final class SuiteParser {
    /** The longest suite accepted, in characters. */
    public static final int MAX_LENGTH = 1024 * 1024;

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final List<String> TOP_FIELDS = List.of("name", "description", "expectations");
    private static final Map<String, List<String>> FIELDS = Map.of(
            "not_null", List.of("expect", "column", "mostly"),
            "between", List.of("expect", "column", "min", "max", "mostly"),
            "in_set", List.of("expect", "column", "values", "mostly"),
            "unique", List.of("expect", "column", "mostly"),
            "regex", List.of("expect", "column", "regex", "mostly"),
            "type", List.of("expect", "column", "type"),
            "row_count_between", List.of("expect", "min", "max"));

    private SuiteParser() {
    }

    /**
     * Reads a suite file (UTF-8); messages name the file as given.
     *
     * @throws GyreException.InvalidArgument when the file cannot be read or is not a valid suite
     */
    public static ExpectationSuite parse(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Cannot read the suite file " + file + " (" + e.getMessage()
                    + "); check the path and that it is readable UTF-8 text.", e);
        }
        return parse(text, file.toString());
    }

    /**
     * Reads a suite.
     *
     * @param yaml   the suite's text
     * @param source the name used for the text in messages, such as its file name
     * @throws GyreException.InvalidArgument when the text is not a valid suite
     * @throws GyreException.TooLarge        when it is longer than {@link #MAX_LENGTH}
     */
    public static ExpectationSuite parse(String yaml, String source) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(source, "source");
        if (yaml.length() > MAX_LENGTH) {
            throw new GyreException.TooLarge(source + ": the suite is " + yaml.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        Node root = read(yaml, source);
        if (root == null || root.value == null) {
            throw new GyreException.InvalidArgument(source + ": the suite is empty; write 'name:' and 'expectations:'.");
        }
        Reader reader = new Reader(source);
        Map<String, Node> top = reader.mapping(root, "suite", TOP_FIELDS);
        String name = reader.text(reader.required(top, root, "suite", "name"), "name");
        Node listNode = reader.required(top, root, "suite", "expectations");
        if (!(listNode.value instanceof List<?> items) || items.isEmpty()) {
            throw reader.error(listNode, "expectations", "must be a non-empty list of expectations, each starting"
                    + " with '- expect: <kind>'");
        }
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            expectations.add(reader.expectation((Node) items.get(i), "expectations[" + i + "]"));
        }
        try {
            return new ExpectationSuite(name, expectations);
        } catch (GyreException.InvalidArgument e) {
            throw reader.error(top.get("name"), "name", e.getMessage());
        }
    }

    /** A parsed YAML value: a Map of Nodes, a List of Nodes, a String, Number, Boolean or null; and its line. */
    private record Node(Object value, String text, int line) {
    }

    private static Node read(String yaml, String source) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return null;
            }
            return node(parser, source);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
            String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !l.strip().startsWith("in '") && !l.strip().equals("^"))
                    .findFirst().orElse("unreadable").strip();
            throw new GyreException.InvalidArgument(source + line + ": not valid YAML: " + reason
                    + "; check the indentation and quoting there.", e);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument(source + ": cannot be read as YAML (" + e.getMessage() + ").", e);
        }
    }

    private static Node node(JsonParser p, String source) throws IOException {
        JsonToken token = p.currentToken();
        int line = p.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    Node value = node(p, source);
                    if (map.containsKey(key)) {
                        throw new GyreException.InvalidArgument(source + " line " + keyLine + ", " + key
                                + ": appears twice in the same mapping; keep one.");
                    }
                    map.put(key, new Node(value.value, value.text, keyLine));
                }
                return new Node(map, null, line);
            }
            case START_ARRAY -> {
                List<Node> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(node(p, source));
                }
                return new Node(list, null, line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node(p.getNumberValue(), p.getText(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(token == JsonToken.VALUE_TRUE, p.getText(), line);
            }
            case VALUE_NULL -> {
                return new Node(null, null, line);
            }
            default -> {
                return new Node(p.getText(), p.getText(), line);
            }
        }
    }

    /** Turns nodes into expectations, with errors that name the source, line and field. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        GyreException.InvalidArgument error(Node at, String field, String problem) {
            String message = problem.endsWith(".") ? problem.substring(0, problem.length() - 1) : problem;
            return new GyreException.InvalidArgument(source + " line " + at.line + ", " + field + ": " + message + ".");
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> mapping(Node node, String field, List<String> allowed) {
            if (!(node.value instanceof Map<?, ?>)) {
                throw error(node, field, "must be a mapping of " + String.join(", ", allowed));
            }
            Map<String, Node> map = (Map<String, Node>) node.value;
            for (Map.Entry<String, Node> entry : map.entrySet()) {
                if (!allowed.contains(entry.getKey())) {
                    throw error(entry.getValue(), (field.equals("suite") ? "" : field + ".") + entry.getKey(),
                            "unknown field; the fields here are " + String.join(", ", allowed));
                }
            }
            return map;
        }

        Node required(Map<String, Node> map, Node parent, String field, String key) {
            Node value = map.get(key);
            if (value == null || value.value == null) {
                String where = field.equals("suite") ? key : field + "." + key;
                throw error(value == null ? parent : value, where, "is required");
            }
            return value;
        }

        String text(Node node, String field) {
            if (node.value instanceof Map<?, ?> || node.value instanceof List<?> || node.text == null
                    || node.text.isBlank()) {
                throw error(node, field, "must be a non-empty text value");
            }
            return node.text;
        }

        Expectation expectation(Node node, String field) {
            if (!(node.value instanceof Map<?, ?>)) {
                throw error(node, field, "must be a mapping that starts with 'expect: <kind>'");
            }
            @SuppressWarnings("unchecked")
            Map<String, Node> raw = (Map<String, Node>) node.value;
            String kind = text(required(raw, node, field, "expect"), field + ".expect");
            if (!FIELDS.containsKey(kind)) {
                throw error(raw.get("expect"), field + ".expect", "unknown expectation '" + kind + "'; use one of "
                        + String.join(", ", Expectation.KINDS));
            }
            Map<String, Node> map = mapping(node, field, FIELDS.get(kind));
            try {
                return build(kind, map, node, field);
            } catch (GyreException.InvalidArgument e) {
                if (e.getMessage().startsWith(source + " line ")) {
                    throw e;
                }
                throw error(node, field + " (" + kind + ")", e.getMessage());
            }
        }

        private Expectation build(String kind, Map<String, Node> map, Node node, String field) {
            if (kind.equals("row_count_between")) {
                return new Expectation.RowCountBetween(count(map.get("min"), field + ".min"),
                        count(map.get("max"), field + ".max"));
            }
            String column = text(required(map, node, field, "column"), field + ".column");
            if (kind.equals("type")) {
                Node type = required(map, node, field, "type");
                try {
                    return new Expectation.TypeIs(column, ColumnType.fromWireName(text(type, field + ".type")));
                } catch (IllegalArgumentException e) {
                    throw error(type, field + ".type", e.getMessage());
                }
            }
            double mostly = mostly(map.get("mostly"), field + ".mostly");
            return switch (kind) {
                case "not_null" -> new Expectation.NotNull(column, mostly);
                case "unique" -> new Expectation.Unique(column, mostly);
                case "regex" -> new Expectation.Regex(column, text(required(map, node, field, "regex"),
                        field + ".regex"), mostly);
                case "in_set" -> new Expectation.InSet(column, values(required(map, node, field, "values"),
                        field + ".values"), mostly);
                case "between" -> new Expectation.Between(column, bound(map.get("min"), field + ".min"),
                        bound(map.get("max"), field + ".max"), mostly);
                default -> throw new IllegalStateException(kind);
            };
        }

        private double mostly(Node node, String field) {
            if (node == null) {
                return 1.0;
            }
            if (!(node.value instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= 1)) {
                throw error(node, field, "must be a number from 0 to 1 (the fraction of rows that must pass), got '"
                        + node.text + "'");
            }
            return number.doubleValue();
        }

        private Long count(Node node, String field) {
            if (node == null || node.value == null) {
                return null;
            }
            if (node.value instanceof Number number && isWhole(number) && number.doubleValue() >= 0
                    && number.doubleValue() <= Long.MAX_VALUE) {
                return number.longValue();
            }
            throw error(node, field, "must be a whole number of rows, 0 or more, got '" + node.text + "'");
        }

        private static boolean isWhole(Number number) {
            if (number instanceof BigDecimal decimal) {
                return decimal.stripTrailingZeros().scale() <= 0;
            }
            if (number instanceof Double || number instanceof Float) {
                return number.doubleValue() == Math.rint(number.doubleValue());
            }
            return number instanceof Integer || number instanceof Long || number instanceof BigInteger;
        }

        private Expectation.Bound bound(Node node, String field) {
            if (node == null || node.value == null) {
                return null;
            }
            if (node.value instanceof Number number && Double.isFinite(number.doubleValue())) {
                return Expectation.Bound.of(number.doubleValue());
            }
            if (node.value instanceof String text) {
                Instant instant = instant(text.strip());
                if (instant != null) {
                    return Expectation.Bound.of(instant);
                }
                try {
                    double number = Double.parseDouble(text.strip());
                    if (Double.isFinite(number)) {
                        return Expectation.Bound.of(number);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw error(node, field, "must be a number or an ISO-8601 timestamp such as 2024-01-31 or "
                    + "2024-01-31T12:00:00Z, got '" + node.text + "'");
        }

        private static Instant instant(String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // try the next form
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // try the next form
            }
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private List<String> values(Node node, String field) {
            if (!(node.value instanceof List<?> items) || items.isEmpty()) {
                throw error(node, field, "must be a non-empty list such as [a, b, c]");
            }
            List<String> out = new ArrayList<>();
            for (Object item : items) {
                Node value = (Node) item;
                if (value.value == null || value.value instanceof Map<?, ?> || value.value instanceof List<?>) {
                    throw error(value, field, "every value must be a single text, number or boolean (missing "
                            + "values are never checked by in_set)");
                }
                out.add(value.value instanceof Number number ? numberText(number) : value.value.toString());
            }
            return out;
        }

        private static String numberText(Number number) {
            if (number instanceof Integer || number instanceof Long || number instanceof BigInteger) {
                return number.toString();
            }
            return ValueText.number(number.doubleValue());
        }
    }
}
