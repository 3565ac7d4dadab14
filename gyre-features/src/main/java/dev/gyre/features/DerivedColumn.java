package dev.gyre.features;

import dev.gyre.core.GyreException;
import dev.gyre.features.internal.ArithmeticExpression;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A column computed from others before the column steps run, in the order the spec lists them; a later
 * one may read an earlier one. A derived column is then a column like the table's: it can take steps, be
 * dropped, or pass through. A missing source gives a missing result. The records check their own arguments
 * and throw {@link GyreException.InvalidArgument} saying how to fix them.
 */
public sealed interface DerivedColumn permits DerivedColumn.RegexExtract, DerivedColumn.Expression,
        DerivedColumn.DatetimePart, DerivedColumn.TextLength {

    /** The names of the derivations in the spec. */
    List<String> KINDS = List.of("regex_extract", "expression", "datetime_part", "text_length");

    /** The new column's name. */
    String name();

    /** The derivation's name in the spec, e.g. {@code regex_extract}. */
    String kind();

    /** The columns it reads. */
    List<String> sources();

    /**
     * Text: the {@code group} of the first match of {@code pattern} (Java regular expression syntax) in the
     * source text; missing when nothing matches or the group did not take part. A numeric source is read as
     * its category name ({@code 3}, {@code 0.5}).
     *
     * @param group the capturing group; 0 is the whole match
     */
    record RegexExtract(String name, String column, String pattern, int group) implements DerivedColumn {
        /** Longest pattern accepted, in characters. */
        public static final int MAX_PATTERN_LENGTH = 1000;

        public RegexExtract {
            requireName(name);
            requireColumn(column);
            if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_PATTERN_LENGTH) {
                throw new GyreException.InvalidArgument("regex_extract needs a pattern of 1 to " + MAX_PATTERN_LENGTH
                        + " characters, e.g. {column: Name, pattern: \",\\\\s*([^.]+)\\\\.\"}.");
            }
            int groups = compile(pattern).matcher("").groupCount();
            if (group < 0 || group > groups) {
                throw new GyreException.InvalidArgument("regex_extract group " + group + " does not exist: the pattern"
                        + " has " + groups + " capturing group" + (groups == 1 ? "" : "s") + " (0 is the whole match).");
            }
        }

        /** Group 1 when the pattern has a capturing group, else the whole match. */
        public RegexExtract(String name, String column, String pattern) {
            this(name, column, pattern, defaultGroup(pattern));
        }

        /** The group used when the spec names none: 1 when the pattern captures, else 0. */
        public static int defaultGroup(String pattern) {
            return pattern == null ? 0 : Math.min(1, compile(pattern).matcher("").groupCount());
        }

        /** The compiled pattern. */
        public Pattern compiled() {
            return compile(pattern);
        }

        @Override
        public String kind() {
            return "regex_extract";
        }

        @Override
        public List<String> sources() {
            return List.of(column);
        }

        private static Pattern compile(String pattern) {
            try {
                return Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new GyreException.InvalidArgument("regex_extract pattern does not compile: "
                        + e.getDescription() + " near character " + (e.getIndex() + 1)
                        + "; in YAML, write a backslash inside double quotes as \\\\.");
            }
        }
    }

    /**
     * A number from {@code + - * /}, parentheses, numbers and numeric columns (a name with other characters
     * goes between backquotes); a boolean column reads as 1 or 0, a timestamp as epoch milliseconds. A
     * missing operand gives a missing result, and so does a division by zero or any other non-finite result.
     */
    record Expression(String name, String expression) implements DerivedColumn {
        public Expression {
            requireName(name);
            ArithmeticExpression.parse(expression);
        }

        /** The parsed expression. */
        public ArithmeticExpression parsed() {
            return ArithmeticExpression.parse(expression);
        }

        @Override
        public String kind() {
            return "expression";
        }

        @Override
        public List<String> sources() {
            return parsed().columns();
        }
    }

    /** A number: one calendar part, in UTC, of a timestamp column. */
    record DatetimePart(String name, String column, Part part) implements DerivedColumn {
        public DatetimePart {
            requireName(name);
            requireColumn(column);
            Objects.requireNonNull(part, "part");
        }

        @Override
        public String kind() {
            return "datetime_part";
        }

        @Override
        public List<String> sources() {
            return List.of(column);
        }
    }

    /** The calendar parts, all in UTC. */
    enum Part {
        /** e.g. 2011. */
        YEAR,
        /** 1 (January) to 12. */
        MONTH,
        /** Day of the month, 1 to 31. */
        DAY,
        /** ISO: 1 (Monday) to 7 (Sunday). */
        DAY_OF_WEEK,
        /** 0 to 23. */
        HOUR,
        /** 1 to 366. */
        DAY_OF_YEAR;

        /** The spec's name, e.g. {@code day_of_week}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a spec name.
         *
         * @throws GyreException.InvalidArgument listing the parts
         */
        public static Part fromWireName(String name) {
            for (Part part : values()) {
                if (part.wireName().equals(name)) {
                    return part;
                }
            }
            throw new GyreException.InvalidArgument("datetime_part part must be one of year, month, day,"
                    + " day_of_week, hour, day_of_year; got '" + name + "'.");
        }
    }

    /** A number: the length of the source text in Unicode code points. */
    record TextLength(String name, String column) implements DerivedColumn {
        public TextLength {
            requireName(name);
            requireColumn(column);
        }

        @Override
        public String kind() {
            return "text_length";
        }

        @Override
        public List<String> sources() {
            return List.of(column);
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new GyreException.InvalidArgument("a derived column needs a name, e.g. {name: title, ...}.");
        }
    }

    private static void requireColumn(String column) {
        if (column == null || column.isBlank()) {
            throw new GyreException.InvalidArgument("a derived column needs the column it reads, e.g. {column: Name}.");
        }
    }
}
