package dev.gyre.data.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/**
 * How text read from CSV and JSON lines becomes typed values, and how {@link CsvWriter} writes them back.
 *
 * <p><b>Missing.</b> A value is missing when, with surrounding whitespace removed, it is empty or one of
 * {@link #MISSING_MARKERS}. This holds for every column type, text included; CSV cannot tell an empty
 * string from a missing value.
 *
 * <p><b>Numbers.</b> An optional sign, digits with an optional decimal point (at least one digit), and an
 * optional exponent ({@code e} or {@code E}, optional sign, digits); or {@code Infinity} / {@code inf} with an
 * optional sign, in any case. Surrounding whitespace is ignored. Thousands separators, currency signs,
 * percentages, hexadecimal and Java suffixes such as {@code 1d} are not numbers.
 *
 * <p><b>Booleans.</b> Inference accepts only {@code true} and {@code false}, in any case, so a yes/no or
 * 0/1 column stays categorical or numeric. A column overridden to boolean also accepts {@code yes/no},
 * {@code y/n}, {@code t/f}, {@code 1/0} and {@code on/off}, in any case.
 *
 * <p><b>Timestamps.</b> ISO-8601 dates ({@code 2024-03-31}, midnight UTC) and date-times with a {@code T} or
 * a space between date and time, minutes required, seconds and up to nine fraction digits optional, and an
 * optional zone {@code Z}, {@code +hh:mm}, {@code +hhmm} or {@code +hh}. Without a zone the time is UTC.
 * Values are kept to the millisecond (finer digits are truncated).
 */
public final class TextValues {

    /** The strings, compared after trimming and case-sensitively, that mean "missing". */
    public static final Set<String> MISSING_MARKERS =
            Set.of("", "NA", "N/A", "n/a", "#N/A", "<NA>", "null", "NULL", "NaN", "nan");

    private static final Set<String> LENIENT_TRUE = Set.of("true", "yes", "y", "t", "1", "on");
    private static final Set<String> LENIENT_FALSE = Set.of("false", "no", "n", "f", "0", "off");

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private TextValues() {
    }

    /** Whether {@code raw} means missing: {@code null}, blank, or a {@linkplain #MISSING_MARKERS marker}. */
    public static boolean isMissing(String raw) {
        if (raw == null || raw.isEmpty()) {
            return true;
        }
        char first = raw.charAt(0);
        char last = raw.charAt(raw.length() - 1);
        if (first > ' ' && last > ' ') {
            // cheap rejection: every marker starts with one of these
            return (first == 'N' || first == 'n' || first == '#' || first == '<') && MISSING_MARKERS.contains(raw);
        }
        return MISSING_MARKERS.contains(raw.strip());
    }

    /** Whether {@code raw} is a number by the rules above (a missing value is not). */
    public static boolean isNumber(String raw) {
        String s = raw.strip();
        return isPlainNumber(s) || isInfinity(s);
    }

    /**
     * The number {@code raw} spells, rounded as {@link Double#parseDouble} rounds.
     *
     * @throws NumberFormatException when it is not a number by the rules above
     */
    public static double parseNumber(String raw) {
        String s = raw.strip();
        if (!isPlainNumber(s)) {
            if (isInfinity(s)) {
                return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            throw new NumberFormatException(raw);
        }
        // Exact fast path: at most 15 significant digits and at most 22 after the point, no exponent. Both the
        // digits and the power of ten are exact doubles, so one correctly rounded division gives the same
        // double as parseDouble.
        int i = 0;
        boolean negative = false;
        char c = s.charAt(0);
        if (c == '-' || c == '+') {
            negative = c == '-';
            i = 1;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        for (; i < s.length(); i++) {
            c = s.charAt(i);
            if (c == '.') {
                scale = 0;
            } else if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) {
                    digits++;
                }
                if (scale >= 0) {
                    scale++;
                }
                if (digits > 15) {
                    return Double.parseDouble(s);
                }
            } else {
                return Double.parseDouble(s);
            }
        }
        if (scale > 22) {
            return Double.parseDouble(s);
        }
        double value = scale <= 0 ? (double) mantissa : mantissa / POWERS_OF_TEN[scale];
        return negative ? -value : value;
    }

    /** Whether {@code raw} is {@code true} or {@code false}, in any case (the inference rule). */
    public static boolean isBoolean(String raw) {
        String s = raw.strip();
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    /**
     * The boolean {@code raw} spells. With {@code lenient}, yes/no, y/n, t/f, 1/0 and on/off count too.
     *
     * @throws IllegalArgumentException when it is not a boolean
     */
    public static boolean parseBoolean(String raw, boolean lenient) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        if (s.equals("true") || lenient && LENIENT_TRUE.contains(s)) {
            return true;
        }
        if (s.equals("false") || lenient && LENIENT_FALSE.contains(s)) {
            return false;
        }
        throw new IllegalArgumentException(raw);
    }

    /** Whether {@code raw} is an ISO-8601 date or date-time by the rules above. */
    public static boolean isTimestamp(String raw) {
        String s = raw.strip();
        if (!looksLikeDate(s)) {
            return false;
        }
        try {
            parseTimestamp(s);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * Epoch milliseconds of an ISO-8601 date or date-time; UTC when it names no zone.
     *
     * @throws DateTimeException when it is not one
     */
    public static long parseTimestamp(String raw) {
        String s = raw.strip();
        if (!looksLikeDate(s)) {
            throw new DateTimeException("not an ISO-8601 date: " + raw);
        }
        long day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)).toEpochDay();
        int n = s.length();
        if (n == 10) {
            return day * 86_400_000L;
        }
        char separator = s.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ' || n < 16 || s.charAt(13) != ':') {
            throw new DateTimeException("not an ISO-8601 date-time: " + raw);
        }
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = 0;
        int millis = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == start || i - start > 9) {
                    throw new DateTimeException("bad fraction of a second: " + raw);
                }
                millis = digits(s, start, Math.min(3, i - start)) * (int) Math.pow(10, 3 - Math.min(3, i - start));
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw new DateTimeException("time out of range: " + raw);
        }
        long offsetSeconds = i < n ? offsetSeconds(s, i, raw) : 0;
        return day * 86_400_000L + (hour * 3600L + minute * 60L + second - offsetSeconds) * 1000L + millis;
    }

    /** Z, +hh, +hhmm or +hh:mm from {@code i} to the end of {@code s}. */
    private static long offsetSeconds(String s, int i, String raw) {
        int n = s.length();
        char sign = s.charAt(i);
        if ((sign == 'Z' || sign == 'z') && i + 1 == n) {
            return 0;
        }
        int hours;
        int minutes = 0;
        if (sign != '+' && sign != '-' || n - i < 3) {
            throw new DateTimeException("bad zone offset: " + raw);
        }
        hours = digits(s, i + 1, 2);
        int rest = n - i - 3;
        if (rest == 2) {
            minutes = digits(s, i + 3, 2);
        } else if (rest == 3 && s.charAt(i + 3) == ':') {
            minutes = digits(s, i + 4, 2);
        } else if (rest != 0) {
            throw new DateTimeException("bad zone offset: " + raw);
        }
        if (hours > 18 || minutes > 59 || hours == 18 && minutes > 0) {
            throw new DateTimeException("zone offset out of range: " + raw);
        }
        long seconds = hours * 3600L + minutes * 60L;
        return sign == '-' ? -seconds : seconds;
    }

    /** The non-negative number written by {@code count} digits at {@code start}. */
    private static int digits(String s, int start, int count) {
        if (start + count > s.length()) {
            throw new DateTimeException("too short: " + s);
        }
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw new DateTimeException("expected a digit at " + i + ": " + s);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The shortest text that {@link #parseNumber} reads back as exactly {@code value}: integers without a
     * fraction ({@code 42}), others as {@link Double#toString} ({@code 0.1}, {@code 1.0E20}), {@code -0.0},
     * {@code Infinity}, {@code -Infinity}. NaN is written {@code NaN}, which reads back as missing.
     */
    public static String formatNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            if (value == 0 && 1 / value < 0) {
                return "-0.0";
            }
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static boolean looksLikeDate(String s) {
        return s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-' && isDigit(s.charAt(0))
                && isDigit(s.charAt(3)) && isDigit(s.charAt(5)) && isDigit(s.charAt(9));
    }

    private static boolean isPlainNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isInfinity(String s) {
        String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        return t.equalsIgnoreCase("infinity") || t.equalsIgnoreCase("inf");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
