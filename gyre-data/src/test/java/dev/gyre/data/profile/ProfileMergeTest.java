package dev.gyre.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileMergeTest {

    /** A mixed table of {@code rows} rows whose values depend on {@code seed}, shifted by {@code shift}. */
    static Table mixed(int rows, long seed, double shift) {
        Random random = new Random(seed);
        String[] colours = new String[rows];
        String[] notes = new String[rows];
        long[] times = new long[rows];
        BitSet trues = new BitSet();
        for (int i = 0; i < rows; i++) {
            colours[i] = random.nextInt(20) == 0 ? null : new String[] {"red", "green", "blue"}[random.nextInt(3)];
            notes[i] = random.nextInt(10) == 0 ? null : "note " + random.nextInt(3_000);
            times[i] = 1_700_000_000_000L + random.nextInt(1_000_000) + (long) shift;
            if (random.nextBoolean()) {
                trues.set(i);
            }
        }
        NumericColumn x = ProfilerTest.numbers("x", rows, seed);
        double[] shifted = x.toArray();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += shift;
        }
        BitSet missing = new BitSet();
        for (int i = 0; i < rows; i++) {
            if (x.isMissing(i)) {
                missing.set(i);
            }
        }
        return Table.of(new NumericColumn("x", shifted, missing), CategoricalColumn.of("colour", colours),
                TextColumn.of("note", notes), new BooleanColumn("flag", rows, trues, null),
                new TimestampColumn("at", times, null));
    }

    @Test
    void mergingTwoProfilesMatchesProfilingTheUnion() {
        Table a = mixed(30_000, 11, 0);
        Table b = mixed(20_000, 12, 5);
        ProfileOptions options = new ProfileOptions(200, 500);
        DatasetProfile pa = Profiler.of(Chunks.of(a, 1_000), options);
        DatasetProfile pb = Profiler.of(Chunks.of(b, 3_000), options);
        DatasetProfile union = new Profiler(a.schema(), options).add(a).add(b).profile();
        DatasetProfile merged = pa.merge(pb);

        assertThat(merged.rowCount()).isEqualTo(50_000);
        assertThat(merged.schema()).isEqualTo(union.schema());
        for (ColumnProfile expected : union.columns()) {
            ColumnProfile actual = merged.column(expected.name()).orElseThrow();
            assertThat(actual.count()).as(expected.name()).isEqualTo(expected.count());
            assertThat(actual.missing()).as(expected.name()).isEqualTo(expected.missing());
            assertThat((double) actual.distinct()).as(expected.name())
                    .isCloseTo(expected.distinct(), within(Math.max(1, expected.distinct() * 0.05)));
        }
        NumericSummary mx = merged.column("x").orElseThrow().numeric().orElseThrow();
        NumericSummary ux = union.column("x").orElseThrow().numeric().orElseThrow();
        assertThat(mx.count()).isEqualTo(ux.count());
        assertThat(mx.min()).isEqualTo(ux.min());
        assertThat(mx.max()).isEqualTo(ux.max());
        assertThat(mx.mean()).isCloseTo(ux.mean(), within(1e-9));
        assertThat(mx.standardDeviation()).isCloseTo(ux.standardDeviation(), within(1e-9));
        assertThat(mx.zeros()).isEqualTo(ux.zeros());
        for (double rank : NumericSummary.REPORTED_RANKS) {
            // both are within the rank error of the truth, so their ranks in the union are within twice of it
            double[] cdf = ux.cdf(mx.quantile(rank));
            assertThat(cdf[0]).as("p%s", rank).isCloseTo(rank, within(2 * mx.rankError() + 1e-3));
        }
        assertThat(mx.histogram().total()).isEqualTo(mx.count());

        assertThat(merged.column("colour").orElseThrow().topValues())
                .isEqualTo(union.column("colour").orElseThrow().topValues());
        assertThat(merged.column("flag").orElseThrow().trueCount())
                .isEqualTo(union.column("flag").orElseThrow().trueCount());
        assertThat(merged.column("at").orElseThrow().timeRange())
                .isEqualTo(union.column("at").orElseThrow().timeRange());
        assertThat(merged.column("note").orElseThrow().textLengths())
                .isEqualTo(union.column("note").orElseThrow().textLengths());
        TopValues notes = merged.column("note").orElseThrow().topValues().orElseThrow();
        assertThat(notes.exact()).as("3000 distinct notes exceed the limit of 500").isFalse();
    }

    @Test
    void exactCountsThatTogetherExceedTheLimitBecomeASketchWhenMerged() {
        String[] left = new String[300];
        String[] right = new String[300];
        for (int i = 0; i < 300; i++) {
            left[i] = "a" + i;
            right[i] = i < 100 ? "a" + i : "b" + i;
        }
        ProfileOptions options = new ProfileOptions(200, 400);
        DatasetProfile a = Profiler.of(Chunks.of(Table.of(TextColumn.of("t", left)), 100), options);
        DatasetProfile b = Profiler.of(Chunks.of(Table.of(TextColumn.of("t", right)), 100), options);
        assertThat(a.column("t").orElseThrow().topValues().orElseThrow().exact()).isTrue();

        ColumnProfile merged = a.merge(b).column("t").orElseThrow();
        TopValues top = merged.topValues().orElseThrow();
        assertThat(top.exact()).isFalse();
        assertThat((double) merged.distinct()).isCloseTo(500, within(25.0));
        assertThat((double) top.count("a5")).isCloseTo(2, within((double) top.maximumError()));
    }

    @Test
    void mergingLeavesBothInputsUnchanged() {
        DatasetProfile a = Profiler.of(mixed(1_000, 1, 0));
        DatasetProfile b = Profiler.of(mixed(1_000, 2, 100));
        String before = a.toJson();
        a.merge(b);
        a.merge(a);
        assertThat(a.toJson()).isEqualTo(before);
    }

    @Test
    void profilesOfDifferentSchemasDoNotMerge() {
        DatasetProfile numbers = Profiler.of(Table.of(NumericColumn.of("x", 1)));
        DatasetProfile texts = Profiler.of(Table.of(TextColumn.of("x", "a")));
        DatasetProfile other = Profiler.of(Table.of(NumericColumn.of("y", 1)));
        assertThatThrownBy(() -> numbers.merge(texts)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("column 'x' (text)");
        assertThatThrownBy(() -> numbers.merge(other)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("only in the first: [x]").hasMessageContaining("only in the second: [y]");
    }
}
