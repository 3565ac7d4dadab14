package dev.gyre.serving.pkg;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.features.FeatureStep;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Checks request records against a {@link Signature} before they reach the features. A record is a
 * JSON-decoded map: {@link String}, {@link Number}, {@link Boolean} or {@code null} values.
 *
 * <p>The rules, each failure a {@link GyreException.InvalidArgument} whose message names the field, says what
 * was wrong and how to fix it:
 * <ul>
 *   <li>a required field that is absent or null is refused; an optional one may be either;</li>
 *   <li>numeric fields take a JSON number (a number in a string is refused, with a hint); NaN and infinite
 *       numbers are refused everywhere — send null for an unknown optional value;</li>
 *   <li>categorical and text fields take a string; boolean fields take true or false;</li>
 *   <li>timestamp fields take an ISO-8601 instant or offset date-time string, or integral epoch
 *       milliseconds;</li>
 *   <li>a category the training data did not have is refused when the column's encoder says
 *       {@code unseen: error}; otherwise it passes, with a note, and the encoder's policy applies;</li>
 *   <li>fields that are not inputs follow {@link UnknownFields}: ignored with a note by default (as MLflow
 *       scoring does; the target column or an id sent along is then harmless), or refused.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class InputValidator {
    /** What a field that is not an input does. */
    public enum UnknownFields {
        /** Left out of the normalised record, with a note. */
        IGNORE,
        /** The record is refused. */
        REJECT
    }

    private static final int SHOWN_CATEGORIES = 10;
    private static final int SHOWN_CHARS = 60;

    private final Signature signature;
    private final UnknownFields unknownFields;
    private final Map<String, Signature.Input> byName = new HashMap<>();

    /** A validator that ignores unknown fields. */
    public InputValidator(Signature signature) {
        this(signature, UnknownFields.IGNORE);
    }

    public InputValidator(Signature signature, UnknownFields unknownFields) {
        this.signature = Objects.requireNonNull(signature, "signature");
        this.unknownFields = Objects.requireNonNull(unknownFields, "unknownFields");
        signature.inputs().forEach(i -> byName.put(i.name(), i));
    }

    /** The signature checked against. */
    public Signature signature() {
        return signature;
    }

    /**
     * Checks one record.
     *
     * @throws GyreException.InvalidArgument for the first problem found (see the class comment)
     */
    public ValidatedRecord validate(Map<String, ?> record) {
        if (record == null) {
            throw new GyreException.InvalidArgument("The record is null; send an object with the fields "
                    + names() + ".");
        }
        Map<String, Object> values = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (Signature.Input input : signature.inputs()) {
            Object value = normalise(input, record.get(input.name()), notes);
            if (value != null) {
                values.put(input.name(), value);
            }
        }
        List<String> unknown = record.keySet().stream().filter(k -> !byName.containsKey(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            String list = unknown.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
            if (unknownFields == UnknownFields.REJECT) {
                throw new GyreException.InvalidArgument("field " + list + ": not an input of this model; remove "
                        + (unknown.size() == 1 ? "it" : "them") + " or check the spelling. The inputs are " + names() + ".");
            }
            notes.add("ignored field" + (unknown.size() == 1 ? " " : "s ") + list + ": not an input of this model");
        }
        return new ValidatedRecord(values, notes);
    }

    /**
     * Checks several records.
     *
     * @throws GyreException.InvalidArgument for the first problem found, its message starting with
     *                                       {@code record <i>: } (i from 0)
     */
    public List<ValidatedRecord> validateAll(List<? extends Map<String, ?>> records) {
        Objects.requireNonNull(records, "records");
        List<ValidatedRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                out.add(validate(records.get(i)));
            } catch (GyreException.InvalidArgument e) {
                throw new GyreException.InvalidArgument("record " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private Object normalise(Signature.Input input, Object value, List<String> notes) {
        if (value == null) {
            if (input.required()) {
                throw new GyreException.InvalidArgument("field '" + input.name() + "' is required but "
                        + "missing; send " + expected(input) + ".");
            }
            return null;
        }
        Object normalised = switch (input.type()) {
            case NUMERIC -> number(input, value);
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw wrong(input, value, hintBoolean(value));
                }
                yield value;
            }
            case CATEGORICAL, TEXT -> {
                if (!(value instanceof String)) {
                    throw wrong(input, value, value instanceof Number || value instanceof Boolean
                            ? "; send it as a string, e.g. \"" + value + "\"" : "");
                }
                yield value;
            }
            case TIMESTAMP -> timestamp(input, value);
        };
        checkCategory(input, normalised, notes);
        return normalised;
    }

    private Object number(Signature.Input input, Object value) {
        if (!(value instanceof Number n)) {
            String hint = "";
            if (value instanceof String s) {
                try {
                    new BigDecimal(s.trim());
                    hint = "; send it as a JSON number (" + s.trim() + "), not a string";
                } catch (NumberFormatException e) {
                    hint = "";
                }
            }
            throw wrong(input, value, hint);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw new GyreException.InvalidArgument("field '" + input.name() + "': " + d + " is not allowed; send a"
                    + " finite number" + (input.required() ? " (" + input.name() + " is required)."
                    : ", or null when it is unknown (" + input.name() + " is optional)."));
        }
        return d;
    }

    private Object timestamp(Signature.Input input, Object value) {
        if (value instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException e2) {
                    throw wrong(input, value, "; send an ISO-8601 instant such as \"2024-05-01T12:00:00Z\"");
                }
            }
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 1e17) {
            return Instant.ofEpochMilli(n.longValue());
        }
        throw wrong(input, value, "");
    }

    private void checkCategory(Signature.Input input, Object value, List<String> notes) {
        if (input.categories().isEmpty() || input.unseen() == null || input.categories().contains(value)) {
            return;
        }
        if (input.unseen() == FeatureStep.Unseen.ERROR) {
            throw new GyreException.InvalidArgument("field '" + input.name() + "': " + show(value) + " is not a "
                    + "category this model knows, and it refuses unseen categories; send one of "
                    + categories(input) + ".");
        }
        notes.add("field '" + input.name() + "': " + show(value) + " was not seen in training; it is encoded as "
                + (input.unseen() == FeatureStep.Unseen.OTHER ? "the other category" : "no category"));
    }

    private GyreException.InvalidArgument wrong(Signature.Input input, Object value, String hint) {
        return new GyreException.InvalidArgument("field '" + input.name() + "': expected " + article(input.type())
                + ", got " + show(value) + hint + "; send " + expected(input) + ".");
    }

    private static String hintBoolean(Object value) {
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return "; send the JSON literal " + s.toLowerCase(java.util.Locale.ROOT) + ", not a string";
        }
        return "";
    }

    /** What to send, with whether the field may be left out. */
    private String expected(Signature.Input input) {
        String what = input.categories().isEmpty() ? article(input.type())
                : "one of " + categories(input);
        return input.required() ? what + " (" + input.name() + " is required)"
                : what + " or null (" + input.name() + " is optional)";
    }

    private static String article(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "a number";
            case BOOLEAN -> "true or false";
            case CATEGORICAL, TEXT -> "a string";
            case TIMESTAMP -> "a timestamp (ISO-8601 string or epoch milliseconds)";
        };
    }

    private static String categories(Signature.Input input) {
        List<Object> all = input.categories();
        String shown = all.stream().limit(SHOWN_CATEGORIES).map(InputValidator::show).collect(Collectors.joining(", "));
        return all.size() > SHOWN_CATEGORIES ? shown + " … (" + all.size() + " in all)" : shown;
    }

    private static String show(Object value) {
        if (value instanceof String s) {
            String cut = s.length() > SHOWN_CHARS ? s.substring(0, SHOWN_CHARS) + "…" : s;
            return "\"" + cut.replace("\"", "\\\"") + "\"";
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Map || value instanceof List) {
            return value instanceof Map ? "an object" : "an array";
        }
        return String.valueOf(value);
    }

    private String names() {
        return signature.inputs().stream().map(Signature.Input::name).collect(Collectors.joining(", "));
    }
}
