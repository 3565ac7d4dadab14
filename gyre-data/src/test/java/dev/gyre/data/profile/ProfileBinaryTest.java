package dev.gyre.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProfileBinaryTest {

    @Test
    void theBinaryFormReadsBackIntoTheSameProfile() {
        DatasetProfile profile = Profiler.of(Chunks.of(ProfileMergeTest.mixed(20_000, 7, 0), 1_500),
                new ProfileOptions(200, 500));
        byte[] bytes = profile.toBytes();
        DatasetProfile read = DatasetProfile.fromBytes(bytes);

        assertThat(read.toJson()).isEqualTo(profile.toJson());
        assertThat(read.toBytes()).isEqualTo(bytes);
        assertThat(bytes.length).isLessThan(profile.toJson().length());
    }

    @Test
    void aStoredPartMergedWithAnotherEqualsProfilingTheWhole() {
        ProfileOptions options = new ProfileOptions(200, 500);
        Table first = ProfileMergeTest.mixed(30_000, 1, 0);
        Table second = ProfileMergeTest.mixed(20_000, 2, 3);
        DatasetProfile stored = DatasetProfile.fromBytes(Profiler.of(Chunks.of(first, 2_000), options).toBytes());
        DatasetProfile other = DatasetProfile.fromBytes(Profiler.of(Chunks.of(second, 2_000), options).toBytes());
        DatasetProfile merged = stored.merge(other);
        DatasetProfile whole = new Profiler(first.schema(), options).add(first).add(second).profile();

        assertThat(merged.rowCount()).isEqualTo(whole.rowCount());
        for (ColumnProfile expected : whole.columns()) {
            ColumnProfile actual = merged.column(expected.name()).orElseThrow();
            assertThat(actual.count()).isEqualTo(expected.count());
            assertThat(actual.missing()).isEqualTo(expected.missing());
            assertThat(actual.trueCount()).isEqualTo(expected.trueCount());
            assertThat(actual.timeRange()).isEqualTo(expected.timeRange());
            assertThat(actual.textLengths()).isEqualTo(expected.textLengths());
        }
        assertThat(merged.column("colour").orElseThrow().topValues())
                .isEqualTo(whole.column("colour").orElseThrow().topValues());
        NumericSummary m = merged.column("x").orElseThrow().numeric().orElseThrow();
        NumericSummary w = whole.column("x").orElseThrow().numeric().orElseThrow();
        assertThat(m.count()).isEqualTo(w.count());
        assertThat(m.min()).isEqualTo(w.min());
        assertThat(m.max()).isEqualTo(w.max());
        assertThat(m.zeros()).isEqualTo(w.zeros());
        assertThat(m.mean()).isCloseTo(w.mean(), within(1e-9));
        assertThat(m.variance()).isCloseTo(w.variance(), within(1e-9 * w.variance()));
        // quantiles: the rank of the merged sketch's quantile in the whole data is within the KLL rank error
        double[] values = Arrays.stream(concat(first, second)).filter(v -> !Double.isNaN(v)).sorted().toArray();
        for (double rank : new double[] {0.05, 0.25, 0.5, 0.75, 0.95}) {
            double q = m.quantile(rank);
            int below = upperBound(values, q);
            assertThat((double) below / values.length).isCloseTo(rank, within(2 * m.rankError()));
        }
        assertThat(merged.column("note").orElseThrow().distinct())
                .isCloseTo(whole.column("note").orElseThrow().distinct(), within(60L));
    }

    @Test
    void malformedBytesAreRefusedClearly() {
        byte[] bytes = Profiler.of(Table.of(NumericColumn.of("x", 1, 2, 3),
                CategoricalColumn.of("c", "a", "b", null))).toBytes();

        assertThatThrownBy(() -> DatasetProfile.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("GYPF");
        assertThatThrownBy(() -> DatasetProfile.fromBytes(profile().toJson().getBytes()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not a binary Gyre profile");
        byte[] future = bytes.clone();
        future[5] = 9;
        assertThatThrownBy(() -> DatasetProfile.fromBytes(future))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("version 9 is not supported");
        assertThatThrownBy(() -> DatasetProfile.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("profile.columns[1]");
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).putInt(14, Integer.MAX_VALUE);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(huge))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("impossible column count");
        byte[] longName = bytes.clone();
        ByteBuffer.wrap(longName).putInt(18, 1 << 30);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(longName))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("profile.columns[0].name");
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(trailing))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("follow the last column");
    }

    @Test
    void everySingleByteDamageIsEitherReadOrRefusedAsInvalid() {
        byte[] bytes = profile().toBytes();
        for (int i = 0; i < bytes.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xff}) {
                byte[] damaged = bytes.clone();
                damaged[i] ^= (byte) flip;
                try {
                    DatasetProfile.fromBytes(damaged);
                } catch (GyreException.InvalidArgument expected) {
                    assertThat(expected.getMessage()).startsWith("profile");
                }
            }
        }
    }

    @Test
    void countsThatDisagreeWithTheSketchesAreRefused() {
        DatasetProfile profile = Profiler.of(Table.of(NumericColumn.of("x", 1, 2, 3)));
        byte[] bytes = profile.toBytes();
        // rowCount(8) + columns(4) + name(4 + 1) + type(4 + 7) = offset of count
        int countAt = 6 + 8 + 4 + 5 + 11;
        assertThat(ByteBuffer.wrap(bytes).getLong(countAt)).isEqualTo(3);
        ByteBuffer.wrap(bytes).putLong(countAt, 5);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(bytes))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("profile.columns[0].numeric.n: is 3 but the column has 5 present values");
    }

    private static DatasetProfile profile() {
        return Profiler.of(ProfileMergeTest.mixed(300, 5, 0));
    }

    /** The present values of both tables' column x, missing ones as NaN. */
    private static double[] concat(Table a, Table b) {
        double[] x = ((NumericColumn) a.column("x")).toArray();
        double[] y = ((NumericColumn) b.column("x")).toArray();
        double[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        for (int i = 0; i < x.length; i++) {
            if (a.column("x").isMissing(i)) {
                out[i] = Double.NaN;
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (b.column("x").isMissing(i)) {
                out[x.length + i] = Double.NaN;
            }
        }
        return out;
    }

    private static int upperBound(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
