package dev.gyre.features.internal;

/**
 * Calendar parts of an instant in UTC on the proleptic Gregorian calendar, computed from epoch
 * milliseconds with integer arithmetic only (no allocation). The conversion from a day count to a
 * year, month and day counts in 400-year eras of years that start on 1 March, so that the leap day is
 * the last day of such a year.
 */
public final class CivilTime {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long MILLIS_PER_HOUR = 3_600_000L;
    /** Days from 0000-03-01 to 1970-01-01. */
    private static final long EPOCH_SHIFT = 719_468L;
    private static final long DAYS_PER_ERA = 146_097L;

    private CivilTime() {
    }

    /** The year, e.g. 2011. */
    public static long year(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        return marchYear(days) + (monthOf(days) <= 2 ? 1 : 0);
    }

    /** The month, 1 (January) to 12. */
    public static int month(long epochMillis) {
        return monthOf(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
    }

    /** The day of the month, 1 to 31. */
    public static int dayOfMonth(long epochMillis) {
        long doy = marchDayOfYear(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
        long mp = (5 * doy + 2) / 153;
        return (int) (doy - (153 * mp + 2) / 5 + 1);
    }

    /** The ISO day of the week, 1 (Monday) to 7 (Sunday); 1970-01-01 was a Thursday. */
    public static int dayOfWeek(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        return (int) Math.floorMod(days + 3, 7L) + 1;
    }

    /** The hour of the day, 0 to 23. */
    public static int hour(long epochMillis) {
        return (int) (Math.floorMod(epochMillis, MILLIS_PER_DAY) / MILLIS_PER_HOUR);
    }

    /** The day of the year, 1 to 366. */
    public static int dayOfYear(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        long year = marchYear(days) + (monthOf(days) <= 2 ? 1 : 0);
        return (int) (days - daysFromCivil(year, 1, 1) + 1);
    }

    /** Days since 1970-01-01 of the given date. */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400L);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
    }

    private static int monthOf(long days) {
        long mp = (5 * marchDayOfYear(days) + 2) / 153;
        return (int) (mp < 10 ? mp + 3 : mp - 9);
    }

    /** The year that starts on the 1 March on or before the day. */
    private static long marchYear(long days) {
        long z = days + EPOCH_SHIFT;
        long era = Math.floorDiv(z, DAYS_PER_ERA);
        return yearOfEra(z - era * DAYS_PER_ERA) + era * 400;
    }

    /** The day of the March-based year, 0 on 1 March. */
    private static long marchDayOfYear(long days) {
        long z = days + EPOCH_SHIFT;
        long doe = z - Math.floorDiv(z, DAYS_PER_ERA) * DAYS_PER_ERA;
        long yoe = yearOfEra(doe);
        return doe - (365 * yoe + yoe / 4 - yoe / 100);
    }

    private static long yearOfEra(long dayOfEra) {
        return (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    }
}
