package dev.gyre.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CronScheduleTest {

    static Stream<Arguments> nextFireTimes() {
        return Stream.of(
                Arguments.of("*/15 * * * *", "2026-03-10T10:07:30Z", "2026-03-10T10:15:00Z"),
                Arguments.of("*/15 * * * *", "2026-03-10T10:15:00Z", "2026-03-10T10:30:00Z"),
                Arguments.of("*/15 * * * *", "2026-03-10T23:45:00Z", "2026-03-11T00:00:00Z"),
                Arguments.of("5 * * * *", "2026-03-10T10:04:59Z", "2026-03-10T10:05:00Z"),
                Arguments.of("5 * * * *", "2026-03-10T10:05:00Z", "2026-03-10T11:05:00Z"),
                Arguments.of("0 3 * * *", "2026-03-10T03:00:30Z", "2026-03-11T03:00:00Z"),
                Arguments.of("0 3 * * *", "2026-03-10T02:59:59.999Z", "2026-03-10T03:00:00Z"),
                // Friday 09:00 to Monday 09:00 across the weekend
                Arguments.of("0 9 * * 1-5", "2026-03-13T09:00:00Z", "2026-03-16T09:00:00Z"),
                Arguments.of("0 9 * * MON-FRI", "2026-03-14T08:00:00Z", "2026-03-16T09:00:00Z"),
                Arguments.of("0 0 1 * *", "2026-12-15T12:00:00Z", "2027-01-01T00:00:00Z"),
                Arguments.of("0 0 29 2 *", "2027-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
                Arguments.of("0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"),
                // 13th OR Friday: Wednesday 1 April -> Friday 3rd; Friday 10th -> Monday 13th
                Arguments.of("0 0 13 * 5", "2026-04-01T00:00:00Z", "2026-04-03T00:00:00Z"),
                Arguments.of("0 0 13 * 5", "2026-04-10T00:00:00Z", "2026-04-13T00:00:00Z"),
                // day-of-month is *, so every Monday in January and July: the first is 6 July 2026
                Arguments.of("0 0 * JAN,JUL MON", "2026-02-01T00:00:00Z", "2026-07-06T00:00:00Z"),
                Arguments.of("0 0 * jan,Jul mon", "2026-07-06T00:00:00Z", "2026-07-13T00:00:00Z"),
                Arguments.of("@weekly", "2026-04-01T12:00:00Z", "2026-04-05T00:00:00Z"),
                Arguments.of("@hourly", "2026-04-01T12:00:00Z", "2026-04-01T13:00:00Z"),
                Arguments.of("@daily", "2026-04-01T12:00:00Z", "2026-04-02T00:00:00Z"),
                Arguments.of("@midnight", "2026-04-01T12:00:00Z", "2026-04-02T00:00:00Z"),
                Arguments.of("@monthly", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"),
                Arguments.of("@yearly", "2026-04-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                Arguments.of("@annually", "2026-04-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                Arguments.of("0 12 * * 7", "2026-04-01T00:00:00Z", "2026-04-05T12:00:00Z"),
                Arguments.of("0 12 * * 0", "2026-04-01T00:00:00Z", "2026-04-05T12:00:00Z"),
                Arguments.of("0 12 * * 5-7", "2026-04-04T13:00:00Z", "2026-04-05T12:00:00Z"),
                Arguments.of("10/20 * * * *", "2026-04-01T10:31:00Z", "2026-04-01T10:50:00Z"),
                Arguments.of("10/20 * * * *", "2026-04-01T10:50:00Z", "2026-04-01T11:10:00Z"),
                Arguments.of("0 8-18/5 * * *", "2026-04-01T13:00:00Z", "2026-04-01T18:00:00Z"),
                Arguments.of("0 8-18/5 * * *", "2026-04-01T18:00:00Z", "2026-04-02T08:00:00Z"),
                Arguments.of("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"),
                Arguments.of("30 23 31 12 *", "2026-12-31T23:30:00Z", "2027-12-31T23:30:00Z"));
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("nextFireTimes")
    void nextIsTheFirstMatchingMinuteStrictlyAfter(String expression, String after, String expected) {
        assertThat(CronSchedule.parse(expression).next(Instant.parse(after))).isEqualTo(Instant.parse(expected));
    }

    @Test
    void agreesWithAMinuteByMinuteSearchOnRandomSchedules() {
        Random random = new Random(20261129L);
        int checked = 0;
        while (checked < 30) {
            Generated generated = Generated.random(random);
            CronSchedule schedule;
            try {
                schedule = CronSchedule.parse(generated.text);
            } catch (GyreException.InvalidArgument refused) {
                // only a schedule that never fires may be refused
                assertThat(refused.getMessage()).contains("never fires");
                assertThat(generated.anyDayWithin(LocalDateTime.parse("2024-01-01T00:00"), 9 * 366))
                        .as(generated.text).isFalse();
                continue;
            }
            for (int sample = 0; sample < 3; sample++) {
                Instant after = Instant.parse("2024-01-01T00:00:00Z")
                        .plusSeconds((long) (random.nextDouble() * 6 * 365 * 24 * 3600));
                // then from just after each firing, so the search also starts inside matching days and hours
                for (int chained = 0; chained < 4; chained++) {
                    Instant naive = generated.naiveNext(after, 2 * 366 * 24 * 60);
                    Instant fast = schedule.next(after);
                    if (naive == null) {
                        assertThat(fast).as(generated.text + " after " + after)
                                .isAfter(after.plus(2 * 366, ChronoUnit.DAYS));
                        break;
                    }
                    assertThat(fast).as(generated.text + " after " + after).isEqualTo(naive);
                    after = fast.plusSeconds(random.nextInt(90 * 60));
                }
            }
            checked++;
        }
    }

    @Test
    void refusesAnHourOutOfRange() {
        assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Schedule '0 25 * * *': field 'hour' value 25 is out of range 0-23.");
    }

    @Test
    void refusesValuesOutOfRangeInEveryField() {
        assertThatThrownBy(() -> CronSchedule.parse("60 * * * *"))
                .hasMessage("Schedule '60 * * * *': field 'minute' value 60 is out of range 0-59.");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 0 * *"))
                .hasMessage("Schedule '0 0 0 * *': field 'day-of-month' value 0 is out of range 1-31.");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * 13 *"))
                .hasMessage("Schedule '0 0 * 13 *': field 'month' value 13 is out of range 1-12.");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * 1-8"))
                .hasMessage("Schedule '0 0 * * 1-8': field 'day-of-week' value 8 is out of range 0-7.");
        assertThatThrownBy(() -> CronSchedule.parse("99999999999 * * * *"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("field 'minute'");
    }

    @Test
    void refusesTheWrongNumberOfFieldsShowingTheFiveFields() {
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * *"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Schedule '0 3 * *' has 4 fields; a schedule has five: minute hour day-of-month month"
                        + " day-of-week, e.g. '0 3 * * *' for 03:00 UTC daily.");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 3 * * *"))
                .hasMessageStartingWith("Schedule '0 0 3 * * *' has 6 fields; a schedule has five:");
    }

    @Test
    void refusesAStepOfZero() {
        assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Schedule '*/0 * * * *': field 'minute' step 0 in '*/0' must be at least 1;"
                        + " write e.g. '*/5'.");
    }

    @Test
    void refusesAReversedRange() {
        assertThatThrownBy(() -> CronSchedule.parse("0 17-9 * * *"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Schedule '0 17-9 * * *': field 'hour' range 17-9 is reversed; write the smaller value"
                        + " first, e.g. '9-17'.");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * FRI-MON"))
                .hasMessageContaining("field 'day-of-week' range FRI-MON is reversed");
    }

    @Test
    void refusesUnknownNames() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * FOO *"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Schedule '0 0 * FOO *': field 'month' value 'FOO' is not a number or a known name;"
                        + " write a number from 1 to 12 or a name JAN-DEC.");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * FUNDAY"))
                .hasMessage("Schedule '0 0 * * FUNDAY': field 'day-of-week' value 'FUNDAY' is not a number or a"
                        + " known name; write a number from 0 to 7 or a name SUN-SAT.");
        assertThatThrownBy(() -> CronSchedule.parse("0 MON * * *"))
                .hasMessage("Schedule '0 MON * * *': field 'hour' value 'MON' is not a number; write a number"
                        + " from 0 to 23.");
        assertThatThrownBy(() -> CronSchedule.parse("@often"))
                .hasMessageStartingWith("Schedule '@often': unknown macro; use one of @hourly, @daily");
    }

    @Test
    void refusesEmptySchedulesAndEmptyItems() {
        for (String empty : new String[] {null, "", "   \t "}) {
            assertThatThrownBy(() -> CronSchedule.parse(empty))
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessage("The schedule is empty; write five fields, minute hour day-of-month month"
                            + " day-of-week, e.g. '0 3 * * *' for 03:00 UTC daily, or a macro such as '@daily'.");
        }
        assertThatThrownBy(() -> CronSchedule.parse("1,,2 * * * *"))
                .hasMessageStartingWith("Schedule '1,,2 * * * *': field 'minute' '1,,2' has an empty list item");
        assertThatThrownBy(() -> CronSchedule.parse("0 -5 * * *"))
                .hasMessageStartingWith("Schedule '0 -5 * * *': field 'hour' range '-5' is malformed");
        assertThatThrownBy(() -> CronSchedule.parse("*/5/2 * * * *"))
                .hasMessageContaining("field 'minute' '*/5/2' has more than one '/'");
        assertThatThrownBy(() -> CronSchedule.parse("*/x * * * *"))
                .hasMessageContaining("field 'minute' step 'x' in '*/x' is not a whole number");
    }

    @Test
    void refusesSchedulesThatCanNeverFire() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Schedule '0 0 31 2 *' never fires: day-of-month 31 does not occur in FEB; choose a day"
                        + " every chosen month has, or other months.");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 30,31 FEB *"))
                .hasMessageContaining("never fires: day-of-month values from 30 do not occur in FEB");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 4,6,9,11 *"))
                .hasMessageContaining("never fires: day-of-month 31 does not occur in APR, JUN, SEP, NOV");
        // still fires: some chosen month has the day, or day-of-week can match (the OR rule)
        assertThat(CronSchedule.parse("0 0 31 2,3 *").next(Instant.parse("2026-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 31 2 5").next(Instant.parse("2026-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-06T00:00:00Z"));
    }

    @Test
    void isEqualByItsNormalisedText() {
        CronSchedule spaced = CronSchedule.parse("  0   3 *\t* *  ");
        CronSchedule plain = CronSchedule.parse("0 3 * * *");
        assertThat(spaced).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(spaced.expression()).isEqualTo("0 3 * * *");
        assertThat(spaced.toString()).isEqualTo("0 3 * * *");
        assertThat(CronSchedule.parse("0 4 * * *")).isNotEqualTo(plain);
    }

    @Test
    void describesCommonSchedules() {
        assertThat(CronSchedule.parse("0 3 * * *").describe()).isEqualTo("at 03:00 UTC every day");
        assertThat(CronSchedule.parse("@daily").describe()).isEqualTo("at 00:00 UTC every day");
        assertThat(CronSchedule.parse("30 6 * * 7").describe()).isEqualTo("at 06:30 UTC every Sunday");
        assertThat(CronSchedule.parse("0 0 1 * *").describe()).isEqualTo("at 00:00 UTC on day 1 of every month");
        assertThat(CronSchedule.parse("5 * * * *").describe()).isEqualTo("at minute 5 of every hour (UTC)");
        assertThat(CronSchedule.parse("*/15 9-17 * * 1-5").describe())
                .isEqualTo("at times matching '*/15 9-17 * * 1-5' (UTC)");
    }

    /** A random valid-looking expression together with the sets it should mean, computed independently. */
    private static final class Generated {
        private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                "NOV", "DEC"};
        private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

        final String text;
        final boolean[][] sets = new boolean[5][];
        final boolean domStar;
        final boolean dowStar;

        private Generated(List<String> fields, List<boolean[]> sets) {
            this.text = String.join(" ", fields);
            for (int i = 0; i < 5; i++) {
                this.sets[i] = sets.get(i);
            }
            this.domStar = fields.get(2).equals("*");
            this.dowStar = fields.get(4).equals("*");
        }

        static Generated random(Random random) {
            int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
            List<String> fields = new ArrayList<>();
            List<boolean[]> sets = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                int min = ranges[f][0];
                int max = ranges[f][1];
                boolean[] set = new boolean[max + 1];
                if (random.nextInt(3) == 0) {
                    fields.add("*");
                    for (int v = min; v <= max; v++) {
                        set[v] = true;
                    }
                } else {
                    List<String> items = new ArrayList<>();
                    int count = 1 + random.nextInt(3);
                    for (int i = 0; i < count; i++) {
                        items.add(item(random, f, min, max, set));
                    }
                    fields.add(String.join(",", items));
                }
                if (f == 4 && set[7]) {
                    set[0] = true;
                }
                sets.add(set);
            }
            return new Generated(fields, sets);
        }

        private static String item(Random random, int field, int min, int max, boolean[] set) {
            int stepEnd = field == 4 ? 6 : max;
            int a = min + random.nextInt(max - min + 1);
            int b = min + random.nextInt(max - min + 1);
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            int step = 1 + random.nextInt(Math.max(1, (max - min) / 2));
            switch (random.nextInt(5)) {
                case 0 -> {
                    set[a] = true;
                    return name(random, field, a);
                }
                case 1 -> {
                    mark(set, lo, hi, 1);
                    return name(random, field, lo) + "-" + name(random, field, hi);
                }
                case 2 -> {
                    mark(set, min, stepEnd, step);
                    return "*/" + step;
                }
                case 3 -> {
                    mark(set, lo, hi, step);
                    return name(random, field, lo) + "-" + name(random, field, hi) + "/" + step;
                }
                default -> {
                    int start = Math.min(a, stepEnd);
                    mark(set, start, stepEnd, step);
                    return name(random, field, start) + "/" + step;
                }
            }
        }

        private static void mark(boolean[] set, int from, int to, int step) {
            for (int v = from; v <= to; v += step) {
                set[v] = true;
            }
        }

        private static String name(Random random, int field, int value) {
            if (field == 3 && random.nextBoolean()) {
                return cased(random, MONTHS[value - 1]);
            }
            if (field == 4 && value < 7 && random.nextBoolean()) {
                return cased(random, DAYS[value]);
            }
            return Integer.toString(value);
        }

        private static String cased(Random random, String name) {
            return random.nextBoolean() ? name : name.toLowerCase(Locale.ROOT);
        }

        boolean dayMatches(LocalDateTime t) {
            boolean dom = sets[2][t.getDayOfMonth()];
            boolean dow = sets[4][t.getDayOfWeek().getValue() % 7];
            boolean day = !domStar && !dowStar ? dom || dow : dom && dow;
            return sets[3][t.getMonthValue()] && day;
        }

        boolean anyDayWithin(LocalDateTime from, int days) {
            for (int d = 0; d < days; d++) {
                if (dayMatches(from.plusDays(d))) {
                    return true;
                }
            }
            return false;
        }

        Instant naiveNext(Instant after, int maxMinutes) {
            LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
            for (int i = 0; i < maxMinutes; i++) {
                t = t.plusMinutes(1);
                if (sets[0][t.getMinute()] && sets[1][t.getHour()] && dayMatches(t)) {
                    return t.toInstant(ZoneOffset.UTC);
                }
            }
            return null;
        }
    }
}
