package dev.gyre.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfilerTest {

    /** 50,000 values: about 8% missing, 2% zeros, the rest normal(40, 12) rounded to 0.01. */
    static NumericColumn numbers(String name, int rows, long seed) {
        Random random = new Random(seed);
        double[] values = new double[rows];
        BitSet missing = new BitSet();
        for (int i = 0; i < rows; i++) {
            double u = random.nextDouble();
            if (u < 0.08) {
                missing.set(i);
            } else if (u < 0.10) {
                values[i] = 0.0;
            } else {
                values[i] = Math.round((40 + 12 * random.nextGaussian()) * 100) / 100.0;
            }
        }
        return new NumericColumn(name, values, missing);
    }

    private static double[] present(NumericColumn column) {
        return java.util.stream.IntStream.range(0, column.size()).filter(i -> !column.isMissing(i))
                .mapToDouble(column::getDouble).toArray();
    }

    @Test
    void numericStatisticsMatchAnExactComputationOverChunks() {
        NumericColumn column = numbers("x", 50_000, 1);
        DatasetProfile profile = Profiler.of(Chunks.of(Table.of(column), 1_000));

        double[] values = present(column);
        double mean = Arrays.stream(values).sum() / values.length;
        double ss = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        double std = Math.sqrt(ss / (values.length - 1));
        long distinct = Arrays.stream(values).distinct().count();

        ColumnProfile x = profile.column("x").orElseThrow();
        NumericSummary n = x.numeric().orElseThrow();
        assertThat(profile.rowCount()).isEqualTo(50_000);
        assertThat(x.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(x.count()).isEqualTo(50_000);
        assertThat(x.missing()).isEqualTo(column.missingCount());
        assertThat(n.count()).isEqualTo(values.length);
        assertThat(n.min()).isEqualTo(Arrays.stream(values).min().orElseThrow());
        assertThat(n.max()).isEqualTo(Arrays.stream(values).max().orElseThrow());
        assertThat(n.mean()).isCloseTo(mean, within(1e-9));
        assertThat(n.standardDeviation()).isCloseTo(std, within(1e-9));
        assertThat(n.zeros()).isEqualTo(Arrays.stream(values).filter(v -> v == 0.0).count());
        assertThat((double) x.distinct()).isCloseTo(distinct, within(distinct * 0.05));
        assertThat(x.distinctExact()).isFalse();
        long[] bounds = x.distinctBounds();
        assertThat(bounds[0]).isLessThanOrEqualTo(x.distinct());
        assertThat(bounds[1]).isGreaterThanOrEqualTo(x.distinct());
    }

    @Test
    void quantilesAreWithinTheSketchRankErrorOfTheExactRanks() {
        NumericColumn column = numbers("x", 50_000, 2);
        NumericSummary n = Profiler.of(Chunks.of(Table.of(column), 777)).column("x").orElseThrow()
                .numeric().orElseThrow();
        double[] sorted = present(column);
        Arrays.sort(sorted);
        double eps = n.rankError();
        assertThat(eps).isBetween(0.005, 0.02);
        assertThat(n.quantiles()).containsOnlyKeys("p1", "p5", "p25", "p50", "p75", "p95", "p99");
        for (double rank : NumericSummary.REPORTED_RANKS) {
            double q = n.quantile(rank);
            double below = (double) countBelow(sorted, q, false) / sorted.length;
            double atMost = (double) countBelow(sorted, q, true) / sorted.length;
            assertThat(atMost).as("rank of p%s", rank * 100).isGreaterThanOrEqualTo(rank - eps);
            assertThat(below).as("rank of p%s", rank * 100).isLessThanOrEqualTo(rank + eps);
        }
        assertThat(n.quantiles().get("p50")).isEqualTo(n.quantile(0.5));
    }

    private static long countBelow(double[] sorted, double value, boolean inclusive) {
        return Arrays.stream(sorted).filter(v -> inclusive ? v <= value : v < value).count();
    }

    @Test
    void histogramIsExactForFewValuesAndWithinTheRankErrorForMany() {
        double[] few = {0, 1, 1, 2, 3, 5, 8, 13, 21, 34};
        Histogram small = Profiler.of(Table.of(NumericColumn.of("x", few))).column("x").orElseThrow()
                .numeric().orElseThrow().histogram(4);
        assertThat(small.bins()).extracting(Histogram.Bin::count).containsExactly(7L, 1L, 1L, 1L);
        assertThat(small.bins().get(0).low()).isEqualTo(0.0);
        assertThat(small.bins().get(3).high()).isEqualTo(34.0);

        NumericColumn column = numbers("x", 50_000, 3);
        NumericSummary n = Profiler.of(Chunks.of(Table.of(column), 4_096)).column("x").orElseThrow()
                .numeric().orElseThrow();
        Histogram histogram = n.histogram();
        double[] values = present(column);
        assertThat(histogram.bins()).hasSize(NumericSummary.DEFAULT_BINS);
        assertThat(histogram.total()).isEqualTo(values.length);
        for (Histogram.Bin bin : histogram.bins()) {
            boolean first = bin == histogram.bins().get(0);
            long exact = Arrays.stream(values)
                    .filter(v -> (first ? v >= bin.low() : v > bin.low()) && v <= bin.high()).count();
            assertThat((double) bin.count()).isCloseTo(exact, within(2 * n.rankError() * values.length + 1));
        }
    }

    @Test
    void constantAndEmptyNumericColumnsHaveDefinedShapes() {
        BitSet allMissing = new BitSet();
        allMissing.set(0, 3);
        Table table = Table.of(NumericColumn.of("same", 7, 7, 7),
                new NumericColumn("none", new double[3], allMissing),
                NumericColumn.of("nan", 1, Double.NaN, 3));
        DatasetProfile profile = Profiler.of(table);

        NumericSummary same = profile.column("same").orElseThrow().numeric().orElseThrow();
        assertThat(same.standardDeviation()).isEqualTo(0.0);
        assertThat(same.histogram().bins()).containsExactly(new Histogram.Bin(7, 7, 3));

        ColumnProfile none = profile.column("none").orElseThrow();
        assertThat(none.missing()).isEqualTo(3);
        assertThat(none.distinct()).isZero();
        NumericSummary empty = none.numeric().orElseThrow();
        assertThat(empty.mean()).isNaN();
        assertThat(empty.min()).isNaN();
        assertThat(empty.quantile(0.5)).isNaN();
        assertThat(empty.histogram().bins()).isEmpty();

        ColumnProfile nan = profile.column("nan").orElseThrow();
        assertThat(nan.missing()).as("NaN counts as missing").isEqualTo(1);
        assertThat(nan.numeric().orElseThrow().mean()).isEqualTo(2.0);
    }

    @Test
    void categoricalValuesAreCountedExactlyBelowTheLimit() {
        Random random = new Random(4);
        String[] pool = {"red", "green", "blue", "amber", ""};
        String[] values = new String[20_000];
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            double u = random.nextDouble();
            values[i] = u < 0.05 ? null : pool[(int) Math.floor(Math.pow(random.nextDouble(), 2) * pool.length)];
            if (values[i] != null) {
                expected.merge(values[i], 1L, Long::sum);
            }
        }
        DatasetProfile profile = Profiler.of(Chunks.of(Table.of(CategoricalColumn.of("colour", values)), 999));
        ColumnProfile colour = profile.column("colour").orElseThrow();
        TopValues top = colour.topValues().orElseThrow();

        assertThat(top.exact()).isTrue();
        assertThat(top.maximumError()).isZero();
        assertThat(top.values()).hasSize(expected.size());
        expected.forEach((value, count) -> assertThat(top.count(value)).as(value).isEqualTo(count));
        assertThat(top.values().get(0).count()).isEqualTo(expected.values().stream().max(Long::compare).orElseThrow());
        assertThat(colour.distinct()).isEqualTo(expected.size());
        assertThat(colour.distinctExact()).isTrue();
        assertThat(colour.missing()).isEqualTo(Arrays.stream(values).filter(v -> v == null).count());
        assertThat(colour.numeric()).isEmpty();
    }

    @Test
    void textCountsSwitchToTheFrequentItemsSketchPastTheLimit() {
        Random random = new Random(5);
        String[] values = new String[30_000];
        Set<String> distinct = new HashSet<>();
        Map<String, Long> heavy = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            double u = random.nextDouble();
            values[i] = u < 0.3 ? "common" : u < 0.4 ? "frequent ✓" : u < 0.42 ? null : "id-" + random.nextInt(8_000);
            if (values[i] != null) {
                distinct.add(values[i]);
                if (!values[i].startsWith("id-")) {
                    heavy.merge(values[i], 1L, Long::sum);
                }
            }
        }
        DatasetProfile profile = Profiler.of(Chunks.of(Table.of(TextColumn.of("t", values)), 2_500),
                new ProfileOptions(200, 100));
        ColumnProfile t = profile.column("t").orElseThrow();
        TopValues top = t.topValues().orElseThrow();

        assertThat(top.exact()).isFalse();
        assertThat(top.values().get(0).value()).isEqualTo("common");
        assertThat(top.values().get(1).value()).isEqualTo("frequent ✓");
        heavy.forEach((value, count) ->
                assertThat((double) top.count(value)).as(value).isCloseTo(count, within((double) top.maximumError())));
        assertThat(t.distinctExact()).isFalse();
        assertThat((double) t.distinct()).isCloseTo(distinct.size(), within(distinct.size() * 0.05));

        long[] lengths = Arrays.stream(values).filter(v -> v != null).mapToLong(v -> v.codePointCount(0, v.length()))
                .toArray();
        ColumnProfile.TextLengths textLengths = t.textLengths().orElseThrow();
        assertThat(textLengths.min()).isEqualTo(Arrays.stream(lengths).min().orElseThrow());
        assertThat(textLengths.max()).isEqualTo(Arrays.stream(lengths).max().orElseThrow());
        assertThat(textLengths.mean()).isCloseTo(Arrays.stream(lengths).average().orElseThrow(), within(1e-9));
    }

    @Test
    void booleanAndTimestampColumnsReportTheirOwnStatistics() {
        BitSet trues = new BitSet();
        BitSet missing = new BitSet();
        trues.set(0, 6);
        missing.set(9);
        long[] millis = {5_000, 1_000, 9_000, 0, 7_000};
        BitSet tsMissing = new BitSet();
        tsMissing.set(3);
        Table flags = Table.of(new BooleanColumn("flag", 10, trues, missing));
        Table times = Table.of(new TimestampColumn("at", millis, tsMissing));

        ColumnProfile flag = Profiler.of(flags).column("flag").orElseThrow();
        assertThat(flag.trueCount()).hasValue(6);
        assertThat(flag.missing()).isEqualTo(1);
        assertThat(flag.distinct()).isEqualTo(2);
        assertThat(flag.topValues().orElseThrow().values())
                .containsExactly(new ValueCount("true", 6), new ValueCount("false", 3));

        ColumnProfile at = Profiler.of(times).column("at").orElseThrow();
        assertThat(at.missing()).isEqualTo(1);
        assertThat(at.timeRange().orElseThrow())
                .isEqualTo(new ColumnProfile.TimeRange(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(9_000)));
        assertThat(at.distinct()).isEqualTo(4);
        assertThat(at.topValues()).isEmpty();
    }

    @Test
    void aChunkOfAnotherSchemaIsRejectedWithTheColumnsNamed() {
        Profiler profiler = new Profiler(Table.of(NumericColumn.of("x", 1)).schema());
        assertThatThrownBy(() -> profiler.add(Table.of(TextColumn.of("x", "a"))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("same column names, types and order");
    }

    @Test
    void aProfileIsASnapshotThatLaterChunksDoNotChange() {
        Table table = Table.of(NumericColumn.of("x", 1, 2, 3));
        Profiler profiler = new Profiler(table.schema()).add(table);
        DatasetProfile first = profiler.profile();
        profiler.add(table);
        assertThat(first.rowCount()).isEqualTo(3);
        assertThat(first.column("x").orElseThrow().numeric().orElseThrow().count()).isEqualTo(3);
        assertThat(profiler.profile().rowCount()).isEqualTo(6);
        assertThat(first.schema().names()).isEqualTo(List.of("x"));
    }

    @Test
    void optionsOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> new ProfileOptions(4, 10)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("between 8 and 65535");
        assertThatThrownBy(() -> new ProfileOptions(200, 0)).isInstanceOf(GyreException.InvalidArgument.class);
    }
}
