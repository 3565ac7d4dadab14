package dev.gyre.pipelines.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON of plain values (maps with text keys, lists, text, numbers, booleans, null): map keys sorted,
 * no whitespace, and a number written the same way whatever its Java type ({@code 6}, {@code 6L} and
 * {@code 6.0} are all {@code 6}), so that equal values always hash equally. Thread-safe.
 */
public final class Canonical {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Canonical() {
    }

    /**
     * The canonical JSON text of {@code value}.
     *
     * @throws GyreException.InvalidArgument for a value that is not plain data (e.g. an arbitrary object) or a
     *                                       number that is not finite
     */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(normalise(value, "value"));
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write canonical JSON.", e);
        }
    }

    /** The SHA-256 of the canonical JSON of {@code value}, as 64 lowercase hex digits. */
    public static String sha256(Object value) {
        return sha256Hex(json(value));
    }

    /** The SHA-256 of a text's UTF-8 bytes, as 64 lowercase hex digits. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new GyreException.Internal("Unable to compute SHA-256: the JDK has no such digest.", e);
        }
    }

    /** Parses JSON text into plain values: maps (in written order), lists, text, numbers, booleans, null. */
    public static Object parse(String json) {
        try {
            return plain(MAPPER.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new GyreException.InvalidArgument("The text is not valid JSON (" + e.getOriginalMessage()
                    + "); check the quotes and the brackets.", e);
        }
    }

    /**
     * A deep, immutable copy of a plain value, keeping map order; numbers are normalised (integral values
     * become {@link Long}, others {@link Double}).
     *
     * @throws GyreException.InvalidArgument naming {@code field} for a value that is not plain data
     */
    public static Object plain(Object value, String field) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            return number(number, field);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new GyreException.InvalidArgument("Field '" + field + "' has a key that is not text ("
                            + entry.getKey() + "); use text keys.");
                }
                copy.put(key, plain(entry.getValue(), field + "." + key));
            }
            return java.util.Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(plain(list.get(i), field + "[" + (i + 1) + "]"));
            }
            return java.util.Collections.unmodifiableList(copy);
        }
        throw new GyreException.InvalidArgument("Field '" + field + "' holds a " + value.getClass().getSimpleName()
                + "; use maps, lists, text, numbers, true/false or null.");
    }

    private static Object plain(Object value) {
        return plain(value, "value");
    }

    /** A plain map: {@link #plain(Object, String)} of a map, {@code null} giving an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> plainMap(Map<String, ?> map, String field) {
        return map == null ? Map.of() : (Map<String, Object>) plain(map, field);
    }

    private static Object number(Number number, String field) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big).doubleValue();
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            throw new GyreException.InvalidArgument("Field '" + field + "' is " + d
                    + "; only finite numbers can be stored, write a finite number or null.");
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return (long) d;
        }
        return d;
    }

    private static Object normalise(Object value, String field) {
        Object p = plain(value, field);
        return sorted(p);
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put((String) k, sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return value;
    }

    /** Formats a plain number for messages: integral values without a fraction, others as Java writes them. */
    public static String format(Object value) {
        if (value instanceof Number n) {
            if (!Double.isFinite(n.doubleValue())) {
                return String.valueOf(n);
            }
            Object p = number(n, "value");
            return p.toString();
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(value);
    }
}
