package dev.gyre.data.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TextValuesTest {

    @Test
    void parsesNumbersExactlyAsParseDouble() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 4) {
                case 0 -> Long.toString(random.nextLong() >> random.nextInt(64));
                case 1 -> String.format("%." + random.nextInt(12) + "f", random.nextGaussian() * 1e4);
                case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                default -> "0." + "0".repeat(random.nextInt(20)) + (random.nextInt(1_000_000_000) + 1);
            };
            if (!TextValues.isNumber(text) || TextValues.parseNumber(text) != Double.parseDouble(text)) {
                assertThat(TextValues.parseNumber(text)).as(text).isEqualTo(Double.parseDouble(text));
                assertThat(TextValues.isNumber(text)).as(text).isTrue();
            }
        }
    }

    @Test
    void formattedNumbersReadBackToTheSameDouble() {
        Random random = new Random(11);
        double[] specials = {0.0, -0.0, 1, -1, 0.1, 1e15, 1e15 + 1, 123456789012345.0, 1e300, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double d : specials) {
            assertThat(Double.doubleToRawLongBits(TextValues.parseNumber(TextValues.formatNumber(d))))
                    .as("%s", d).isEqualTo(Double.doubleToRawLongBits(d));
        }
        for (int i = 0; i < 100_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d)) {
                continue;
            }
            if (TextValues.parseNumber(TextValues.formatNumber(d)) != d) {
                assertThat(TextValues.parseNumber(TextValues.formatNumber(d))).as("%s", d).isEqualTo(d);
            }
        }
        assertThat(TextValues.formatNumber(42)).isEqualTo("42");
        assertThat(TextValues.formatNumber(-3.5)).isEqualTo("-3.5");
        assertThat(TextValues.isMissing(TextValues.formatNumber(Double.NaN))).isTrue();
    }

    @Test
    void rejectsWhatIsNotANumber() {
        assertThatThrownBy(() -> TextValues.parseNumber("1 000")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> TextValues.parseNumber("NaN")).isInstanceOf(NumberFormatException.class);
        assertThat(TextValues.isNumber("--1")).isFalse();
        assertThat(TextValues.isNumber("1e5.5")).isFalse();
    }

    @Test
    void lenientBooleansAreAcceptedOnlyWhenAsked() {
        assertThat(TextValues.parseBoolean("Yes", true)).isTrue();
        assertThat(TextValues.parseBoolean("off", true)).isFalse();
        assertThat(TextValues.parseBoolean(" TRUE ", false)).isTrue();
        assertThatThrownBy(() -> TextValues.parseBoolean("yes", false)).isInstanceOf(IllegalArgumentException.class);
    }
}
