package dev.gyre.training;

import dev.gyre.core.GyreException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One parameter of an algorithm: its name, type, default and allowed values. Values given by a user are
 * checked and normalised by {@link #coerce(String, Object)}: integers become {@link Integer}, reals
 * {@link Double}, flags {@link Boolean} and choices {@link String}; numbers and flags may also be given as
 * strings, as they arrive from a command line or a form.
 *
 * @param name         the parameter's name, in {@code snake_case}
 * @param type         the kind of value
 * @param defaultValue the value used when the parameter is not given
 * @param min          the lower bound of a number, or {@code null} for none
 * @param minExclusive whether {@code min} itself is excluded
 * @param max          the upper bound (inclusive) of a number, or {@code null} for none
 * @param choices      the allowed values of a {@link Type#CHOICE}; empty otherwise
 * @param description  one line for users
 */
public record ParamSpec(String name, Type type, Object defaultValue, Double min, boolean minExclusive, Double max,
                        List<String> choices, String description) {

    /** The kind of value a parameter takes. */
    public enum Type {
        /** A whole number. */
        INT,
        /** A real number. */
        DOUBLE,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** One string of a fixed list. */
        CHOICE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        choices = List.copyOf(choices);
        Objects.requireNonNull(description, "description");
    }

    /** An integer parameter within {@code [min, max]}; a {@code null} bound is open. */
    public static ParamSpec integer(String name, int defaultValue, Integer min, Integer max, String description) {
        return new ParamSpec(name, Type.INT, defaultValue, min == null ? null : min.doubleValue(), false,
                max == null ? null : max.doubleValue(), List.of(), description);
    }

    /** A real parameter within {@code [min, max]} (or {@code (min, max]} when {@code minExclusive}). */
    public static ParamSpec real(String name, double defaultValue, Double min, boolean minExclusive, Double max,
                                 String description) {
        return new ParamSpec(name, Type.DOUBLE, defaultValue, min, minExclusive, max, List.of(), description);
    }

    /** A boolean flag. */
    public static ParamSpec flag(String name, boolean defaultValue, String description) {
        return new ParamSpec(name, Type.BOOLEAN, defaultValue, null, false, null, List.of(), description);
    }

    /** One of a fixed list of strings. */
    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParamSpec(name, Type.CHOICE, defaultValue, null, false, null, choices, description);
    }

    /** The allowed values in words, e.g. {@code [1, 1000]}, {@code (0, 1]}, {@code one of sqrt, log2, all}. */
    public String range() {
        return switch (type) {
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            default -> (min == null ? "(-∞" : (minExclusive ? "(" : "[") + format(min)) + ", "
                    + (max == null ? "∞)" : format(max) + "]");
        };
    }

    private String format(double v) {
        return type == Type.INT || v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Checks a value given for this parameter and returns it in its normal type.
     *
     * @param algorithm the algorithm's name, for the message
     * @throws GyreException.InvalidArgument saying what was given and what is allowed
     */
    public Object coerce(String algorithm, Object value) {
        Object normal = switch (type) {
            case INT -> toInteger(value);
            case DOUBLE -> toDouble(value);
            case BOOLEAN -> toBoolean(value);
            case CHOICE -> value instanceof String s && choices.contains(s) ? s : null;
        };
        if (normal == null || normal instanceof Number n && !inRange(n.doubleValue())) {
            throw new GyreException.InvalidArgument("parameter '" + name + "' of " + algorithm + " must be "
                    + (type == Type.CHOICE || type == Type.BOOLEAN ? "" : "a" + (type == Type.INT ? "n integer" : " number")
                    + " in ") + range() + ", not " + describe(value));
        }
        return normal;
    }

    private boolean inRange(double v) {
        if (!Double.isFinite(v)) {
            return false;
        }
        if (min != null && (minExclusive ? v <= min : v < min)) {
            return false;
        }
        return max == null || v <= max;
    }

    private static Integer toInteger(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof Short || value instanceof Byte) {
            long l = ((Number) value).longValue();
            return l == (int) l ? (int) l : null;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (int) d : null;
        }
        if (value instanceof String s) {
            try {
                return Integer.valueOf(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.valueOf(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
        }
        return null;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
