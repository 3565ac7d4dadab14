package dev.gyre.features.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CivilTimeTest {

    @Test
    void agreesWithJavaTimeOnRandomInstantsAcrossTenThousandYears() {
        SplittableRandom random = new SplittableRandom(42);
        long span = 5_000L * 365 * 86_400_000L;
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(-span, span);
            ZonedDateTime at = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
            assertThat(CivilTime.year(millis)).as("%d", millis).isEqualTo(at.getYear());
            assertThat(CivilTime.month(millis)).isEqualTo(at.getMonthValue());
            assertThat(CivilTime.dayOfMonth(millis)).isEqualTo(at.getDayOfMonth());
            assertThat(CivilTime.dayOfWeek(millis)).isEqualTo(at.getDayOfWeek().getValue());
            assertThat(CivilTime.hour(millis)).isEqualTo(at.getHour());
            assertThat(CivilTime.dayOfYear(millis)).isEqualTo(at.getDayOfYear());
        }
    }

    @Test
    void leapDaysAndYearEndsAreRight() {
        long leapDay = Instant.parse("2000-02-29T12:00:00Z").toEpochMilli();
        assertThat(CivilTime.month(leapDay)).isEqualTo(2);
        assertThat(CivilTime.dayOfMonth(leapDay)).isEqualTo(29);
        long lastOfLeapYear = Instant.parse("2000-12-31T00:00:00Z").toEpochMilli();
        assertThat(CivilTime.dayOfYear(lastOfLeapYear)).isEqualTo(366);
        long beforeEpoch = Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli();
        assertThat(CivilTime.year(beforeEpoch)).isEqualTo(1969);
        assertThat(CivilTime.hour(beforeEpoch)).isEqualTo(23);
        assertThat(CivilTime.dayOfWeek(0)).isEqualTo(4);
    }
}
