package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * When a pipeline runs on its own: a cron expression evaluated in UTC.
 *
 * <p>Five fields, {@code minute hour day-of-month month day-of-week}: minute 0-59, hour 0-23, day-of-month 1-31,
 * month 1-12 or {@code JAN}-{@code DEC}, day-of-week 0-7 (0 and 7 are Sunday) or {@code SUN}-{@code SAT}; names
 * in any case. Each field is a comma-separated list of items, an item being {@code *}, a value, a range
 * {@code a-b}, or one of these with a step: {@code *}{@code /n}, {@code a-b/n}, {@code a/n} (from {@code a} to the
 * field's end; Saturday for day-of-week). The macros {@code @hourly}, {@code @daily} (also {@code @midnight}), {@code @weekly},
 * {@code @monthly} and {@code @yearly} (also {@code @annually}) stand for {@code 0 * * * *}, {@code 0 0 * * *},
 * {@code 0 0 * * 0}, {@code 0 0 1 * *} and {@code 0 0 1 1 *}.
 *
 * <p>Days follow the classic cron rule: when both day-of-month and day-of-week are restricted (neither is written
 * exactly {@code *}), a day matches if either of them matches; otherwise the day must match both. So
 * {@code 0 0 13 * 5} fires on every 13th and on every Friday.
 *
 * <p>An expression that can never fire, such as {@code 0 0 31 2 *}, is refused when parsed. Immutable and
 * thread-safe; equal when written the same, ignoring surrounding and repeated spaces.
 */
public final class CronSchedule {
    private static final String FIELDS = "minute hour day-of-month month day-of-week";
    private static final String EXAMPLE = "e.g. '0 3 * * *' for 03:00 UTC daily";
    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final List<String> MONTH_NAMES = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far {@link #next} looks; every schedule that passes {@link #parse} fires well within it. */
    private static final int SEARCH_YEARS = 9;

    private final String expression;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean dayOfMonthStar;
    private final boolean dayOfWeekStar;

    private CronSchedule(String expression, long[] masks, boolean dayOfMonthStar, boolean dayOfWeekStar) {
        this.expression = expression;
        this.minutes = masks[0];
        this.hours = masks[1];
        this.daysOfMonth = masks[2];
        this.months = masks[3];
        this.daysOfWeek = masks[4];
        this.dayOfMonthStar = dayOfMonthStar;
        this.dayOfWeekStar = dayOfWeekStar;
    }

    /**
     * Parses a schedule.
     *
     * @throws GyreException.InvalidArgument when the expression is empty, has other than five fields, names an
     *                                       unknown macro, has a malformed item, a value out of its field's range,
     *                                       an unknown name, a step of 0 or a reversed range, or can never fire;
     *                                       the message names the expression and the field and says how to fix
     *                                       it, e.g. {@code Schedule '0 25 * * *': field 'hour' value 25 is out of
     *                                       range 0-23.}
     */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new GyreException.InvalidArgument("The schedule is empty; write five fields, " + FIELDS + ", "
                    + EXAMPLE + ", or a macro such as '@daily'.");
        }
        String normalised = expression.trim().replaceAll("\\s+", " ");
        String fields = normalised;
        if (normalised.startsWith("@")) {
            fields = MACROS.get(normalised.toLowerCase(Locale.ROOT));
            if (fields == null) {
                throw new GyreException.InvalidArgument("Schedule '" + normalised + "': unknown macro; use one of"
                        + " @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually, or five fields "
                        + FIELDS + ".");
            }
        }
        String[] parts = fields.split(" ");
        if (parts.length != 5) {
            throw new GyreException.InvalidArgument("Schedule '" + normalised + "' has " + parts.length + " field"
                    + (parts.length == 1 ? "" : "s") + "; a schedule has five: " + FIELDS + ", " + EXAMPLE + ".");
        }
        long[] masks = new long[5];
        for (Field field : Field.values()) {
            masks[field.ordinal()] = field.parse(normalised, parts[field.ordinal()]);
        }
        CronSchedule schedule = new CronSchedule(normalised, masks, parts[2].equals("*"), parts[4].equals("*"));
        schedule.requireCanFire();
        return schedule;
    }

    /** The expression as written, trimmed and with single spaces between fields. */
    public String expression() {
        return expression;
    }

    /**
     * The first minute that matches the schedule strictly after {@code after} (seconds and below are ignored, so
     * from 03:00:30 a schedule for 03:00 next fires the following day). Never null for a parsed schedule.
     */
    public Instant next(Instant after) {
        Objects.requireNonNull(after, "after");
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        int lastYear = t.getYear() + SEARCH_YEARS;
        while (t.getYear() <= lastYear) {
            if (!has(months, t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            int hour = nextBit(hours, t.getHour());
            if (hour < 0) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (hour != t.getHour()) {
                t = t.withHour(hour).withMinute(0);
            }
            int minute = nextBit(minutes, t.getMinute());
            if (minute < 0) {
                t = t.withMinute(0).plusHours(1);
                continue;
            }
            return t.withMinute(minute).toInstant(ZoneOffset.UTC);
        }
        // parse() refuses schedules that never fire, and every other one fires within a leap cycle.
        throw new IllegalStateException("Schedule '" + expression + "' did not fire within " + SEARCH_YEARS
                + " years of " + after + ".");
    }

    /**
     * A short English reading of the schedule, e.g. {@code at 03:00 UTC every day}; for schedules without a
     * simpler reading, {@code at times matching '<expression>' (UTC)}.
     */
    public String describe() {
        boolean singleTime = Long.bitCount(minutes) == 1 && Long.bitCount(hours) == 1;
        String time = singleTime ? String.format(Locale.ROOT, "at %02d:%02d UTC", Long.numberOfTrailingZeros(hours),
                Long.numberOfTrailingZeros(minutes)) : null;
        boolean everyMonth = months == Field.MONTH.all();
        if (singleTime && everyMonth && dayOfMonthStar && dayOfWeekStar) {
            return time + " every day";
        }
        if (singleTime && everyMonth && dayOfMonthStar && Long.bitCount(daysOfWeek) == 1) {
            DayOfWeek day = DayOfWeek.of(dayIndexToIso(Long.numberOfTrailingZeros(daysOfWeek)));
            return time + " every " + capitalised(day.name());
        }
        if (singleTime && everyMonth && dayOfWeekStar && Long.bitCount(daysOfMonth) == 1) {
            return time + " on day " + Long.numberOfTrailingZeros(daysOfMonth) + " of every month";
        }
        if (Long.bitCount(minutes) == 1 && hours == Field.HOUR.all() && everyMonth && dayOfMonthStar
                && dayOfWeekStar) {
            return String.format(Locale.ROOT, "at minute %d of every hour (UTC)", Long.numberOfTrailingZeros(minutes));
        }
        return "at times matching '" + expression + "' (UTC)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && other.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }

    private boolean dayMatches(LocalDate date) {
        boolean dom = has(daysOfMonth, date.getDayOfMonth());
        boolean dow = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        if (!dayOfMonthStar && !dayOfWeekStar) {
            return dom || dow;
        }
        return dom && dow;
    }

    /**
     * Only a day-of-month that is restricted while day-of-week is not can keep a schedule from ever firing: every
     * other combination matches some day of every month. A chosen day fires if some chosen month has it
     * (February has 29 days in leap years).
     */
    private void requireCanFire() {
        if (dayOfMonthStar || !dayOfWeekStar) {
            return;
        }
        int firstDay = Long.numberOfTrailingZeros(daysOfMonth);
        for (int month = 1; month <= 12; month++) {
            if (has(months, month) && firstDay <= Month.of(month).maxLength()) {
                return;
            }
        }
        throw new GyreException.InvalidArgument("Schedule '" + expression + "' never fires: day-of-month "
                + (Long.bitCount(daysOfMonth) == 1 ? firstDay + " does" : "values from " + firstDay + " do")
                + " not occur in " + monthList() + "; choose a day every chosen month has, or other months.");
    }

    private String monthList() {
        StringBuilder out = new StringBuilder();
        for (int month = 1; month <= 12; month++) {
            if (has(months, month)) {
                out.append(out.length() == 0 ? "" : ", ").append(MONTH_NAMES.get(month - 1));
            }
        }
        return out.toString();
    }

    private static boolean has(long mask, int value) {
        return (mask & (1L << value)) != 0;
    }

    /** The smallest set bit at or above {@code from}, or -1. */
    private static int nextBit(long mask, int from) {
        long rest = mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    private static int dayIndexToIso(int cronDay) {
        return cronDay == 0 ? 7 : cronDay;
    }

    private static String capitalised(String name) {
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The five fields, in order, with their ranges and names. */
    private enum Field {
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTH_NAMES),
        DAY_OF_WEEK("day-of-week", 0, 7, DAY_NAMES);

        private final String label;
        private final int min;
        private final int max;
        /** Names for min, min+1, …; empty when the field takes only numbers. */
        private final List<String> names;

        Field(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }

        long all() {
            long mask = 0;
            for (int v = min; v <= max; v++) {
                mask |= 1L << v;
            }
            return fold(mask);
        }

        /** Day-of-week 7 is Sunday, kept as 0. */
        long fold(long mask) {
            if (this == DAY_OF_WEEK && has(mask, 7)) {
                return (mask & ~(1L << 7)) | 1L;
            }
            return mask;
        }

        long parse(String expression, String text) {
            long mask = 0;
            for (String item : text.split(",", -1)) {
                if (item.isEmpty()) {
                    throw error(expression, "'" + text + "' has an empty list item; separate values with single"
                            + " commas, e.g. '1,15,30'");
                }
                mask |= parseItem(expression, item);
            }
            return fold(mask);
        }

        private long parseItem(String expression, String item) {
            String[] stepParts = item.split("/", -1);
            if (stepParts.length > 2) {
                throw error(expression, "'" + item + "' has more than one '/'; write one step, e.g. '*/15'");
            }
            String base = stepParts[0];
            int step = 1;
            if (stepParts.length == 2) {
                String stepText = stepParts[1];
                if (!stepText.matches("\\d{1,9}")) {
                    throw error(expression, "step '" + stepText + "' in '" + item + "' is not a whole number; write"
                            + " a step such as '*/15'");
                }
                step = Integer.parseInt(stepText);
                if (step == 0) {
                    throw error(expression, "step 0 in '" + item + "' must be at least 1; write e.g. '*/5'");
                }
            }
            int from;
            int to;
            if (base.equals("*")) {
                from = min;
                to = stepEnd();
            } else if (base.contains("-")) {
                String[] range = base.split("-", -1);
                if (range.length != 2 || range[0].isEmpty() || range[1].isEmpty()) {
                    throw error(expression, "range '" + base + "' is malformed; write a range as 'a-b', e.g. '"
                            + example() + "'");
                }
                from = value(expression, range[0]);
                to = value(expression, range[1]);
                if (from > to) {
                    throw error(expression, "range " + range[0] + "-" + range[1] + " is reversed; write the smaller"
                            + " value first, e.g. '" + range[1] + "-" + range[0] + "'");
                }
            } else {
                from = value(expression, base);
                to = stepParts.length == 2 ? stepEnd() : from;
            }
            long mask = 0;
            for (int v = from; v <= to; v += step) {
                mask |= 1L << v;
            }
            return mask;
        }

        private int value(String expression, String text) {
            int value;
            if (text.matches("\\d{1,9}")) {
                value = Integer.parseInt(text);
            } else {
                int index = names.indexOf(text.toUpperCase(Locale.ROOT));
                if (index < 0) {
                    String accepted = names.isEmpty() ? "a number from " + min + " to " + max
                            : "a number from " + min + " to " + max + " or a name " + names.get(0) + "-"
                                    + names.get(names.size() - 1);
                    throw error(expression, "value '" + text + "' is not " + (names.isEmpty() ? "a number"
                            : "a number or a known name") + "; write " + accepted);
                }
                return min + index;
            }
            if (value < min || value > max) {
                throw error(expression, "value " + text + " is out of range " + min + "-" + max);
            }
            return value;
        }

        /** Where {@code *} and {@code a/n} end: day-of-week stops at Saturday, Sunday being 0. */
        private int stepEnd() {
            return this == DAY_OF_WEEK ? 6 : max;
        }

        private String example() {
            return switch (this) {
                case MINUTE -> "0-30";
                case HOUR -> "9-17";
                case DAY_OF_MONTH -> "1-15";
                case MONTH -> "JAN-MAR";
                case DAY_OF_WEEK -> "MON-FRI";
            };
        }

        private GyreException.InvalidArgument error(String expression, String problem) {
            return new GyreException.InvalidArgument("Schedule '" + expression + "': field '" + label + "' "
                    + problem + ".");
        }
    }
}
