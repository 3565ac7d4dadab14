package dev.gyre.monitoring.profile;

import dev.gyre.core.GyreException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetProfileTest {

    @org.junit.jupiter.api.BeforeEach
    void seedSketches() {
        Data.seedSketches(20261129L);
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static DatasetProfile profile(int rows, long seed, Instant start) {
        Random rnd = new Random(seed);
        ColumnProfile age = ColumnProfile.numeric();
        ColumnProfile plan = ColumnProfile.categorical();
        ColumnProfile user = ColumnProfile.categorical();
        ColumnProfile flag = ColumnProfile.numeric(256);
        for (int i = 0; i < rows; i++) {
            age.update(rnd.nextGaussian() * 12 + 40);
            plan.update(i % 97 == 0 ? null : "plan-" + (int) Math.floor(Math.pow(rnd.nextDouble(), 2) * 6));
            user.update("user-" + rnd.nextInt(1_000_000)); // many distinct values: counts dropped
            flag.update(rnd.nextInt(2));
        }
        Map<String, ColumnProfile> columns = new LinkedHashMap<>();
        columns.put("age", age);
        columns.put("plan", plan);
        columns.put("user", user);
        columns.put("flag", flag);
        return new DatasetProfile(start, start.plusSeconds(3600), rows, columns);
    }

    @Test
    void roundTripGivesAnEqualProfile() {
        DatasetProfile p = profile(20_000, 1, T0);
        byte[] bytes = p.toBytes();
        DatasetProfile back = DatasetProfile.fromBytes(bytes);
        assertThat(back.toBytes()).isEqualTo(bytes);
        assertThat(back.start()).isEqualTo(T0);
        assertThat(back.end()).isEqualTo(T0.plusSeconds(3600));
        assertThat(back.rows()).isEqualTo(20_000);
        assertThat(back.columns().keySet()).containsExactly("age", "plan", "user", "flag");
        ColumnProfile age = back.column("age");
        assertThat(age.mean()).isEqualTo(p.column("age").mean());
        assertThat(age.m2()).isEqualTo(p.column("age").m2());
        assertThat(age.quantiles().getQuantile(0.5, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE))
                .isEqualTo(p.column("age").quantiles().getQuantile(0.5,
                        org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE));
        assertThat(back.column("plan").labelCounts()).isEqualTo(p.column("plan").labelCounts());
        assertThat(back.column("plan").missing()).isEqualTo(p.column("plan").missing());
        assertThat(back.column("user").hasExactCounts()).isFalse();
        assertThat(back.column("user").distinctEstimate()).isEqualTo(p.column("user").distinctEstimate());
        assertThat(back.column("flag").numericCounts()).isEqualTo(p.column("flag").numericCounts());
        assertThat(back.column("flag").k()).isEqualTo(256);
        // an empty profile round-trips as well
        DatasetProfile empty = new DatasetProfile(T0, T0, 0, Map.of("x", ColumnProfile.numeric(), "y", ColumnProfile.categorical()));
        assertThat(DatasetProfile.fromBytes(empty.toBytes()).toBytes()).isEqualTo(empty.toBytes());
    }

    @Test
    void windowsMerge() {
        DatasetProfile a = profile(5_000, 1, T0);
        DatasetProfile b = profile(7_000, 2, T0.plusSeconds(3600));
        DatasetProfile m = a.merge(b);
        assertThat(m.start()).isEqualTo(T0);
        assertThat(m.end()).isEqualTo(T0.plusSeconds(7200));
        assertThat(m.rows()).isEqualTo(12_000);
        assertThat(m.column("age").count()).isEqualTo(12_000);
        assertThat(m.column("plan").count() + m.column("plan").missing()).isEqualTo(12_000);
        assertThat(DatasetProfile.fromBytes(m.toBytes()).rows()).isEqualTo(12_000);
        DatasetProfile other = new DatasetProfile(T0, T0, 0, Map.of("age", ColumnProfile.numeric()));
        assertThatThrownBy(() -> a.merge(other)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("different columns");
    }

    @Test
    void truncatedOrCorruptedBytesAreRefused() {
        byte[] bytes = profile(3_000, 3, T0).toBytes();
        int refused = 0;
        for (int len = 0; len < bytes.length; len += (len < 64 ? 1 : 211)) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> DatasetProfile.fromBytes(cut)).isInstanceOf(GyreException.InvalidArgument.class);
            refused++;
        }
        Random rnd = new Random(9);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bad = bytes.clone();
            int pos = rnd.nextInt(bad.length);
            bad[pos] ^= (byte) (1 + rnd.nextInt(255));
            assertThatThrownBy(() -> DatasetProfile.fromBytes(bad)).isInstanceOf(GyreException.InvalidArgument.class);
            refused++;
        }
        assertThatThrownBy(() -> DatasetProfile.fromBytes(null)).isInstanceOf(GyreException.InvalidArgument.class);
        System.out.printf("bytes: %d truncated or corrupted images of a %d-byte profile refused%n", refused, bytes.length);
    }

    /** Rewrites the checksum so that only the structural checks can refuse the change. */
    private static byte[] withChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    @Test
    void sizesAreCheckedEvenWithAValidChecksum() {
        byte[] bytes = profile(2_000, 4, T0).toBytes();
        int columnCountAt = 4 + 1 + 12 + 12 + 8;
        byte[] many = bytes.clone();
        ByteBuffer.wrap(many).putInt(columnCountAt, DatasetProfile.MAX_COLUMNS + 1);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(withChecksum(many)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("column count");
        byte[] longName = bytes.clone();
        ByteBuffer.wrap(longName).putInt(columnCountAt + 4, Integer.MAX_VALUE);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(withChecksum(longName)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("string length");
        // first column "age": name (4 + 3), kind (1), three counts (24), then the HLL image's length
        int hllLengthAt = columnCountAt + 4 + 7 + 1 + 24;
        byte[] hugeBlob = bytes.clone();
        ByteBuffer.wrap(hugeBlob).putInt(hllLengthAt, Integer.MAX_VALUE);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(withChecksum(hugeBlob)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("length");
        byte[] badCount = bytes.clone();
        ByteBuffer.wrap(badCount).putLong(columnCountAt + 4 + 7 + 1, 5);
        assertThatThrownBy(() -> DatasetProfile.fromBytes(withChecksum(badCount)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("count");
        byte[] version = bytes.clone();
        version[4] = 9;
        assertThatThrownBy(() -> DatasetProfile.fromBytes(withChecksum(version)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("version 9");
    }

    @Test
    void sizeDoesNotGrowWithRows() {
        int small = profile(10_000, 5, T0).toBytes().length;
        int large = profile(1_000_000, 6, T0).toBytes().length;
        System.out.printf("size: 10^4 rows %d bytes, 10^6 rows %d bytes%n", small, large);
        assertThat(large).isLessThanOrEqualTo(small + 16 * 1024);
    }

    @Test
    void badWindowsAreRefused() {
        assertThatThrownBy(() -> new DatasetProfile(T0, T0.minusSeconds(1), 0, Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new DatasetProfile(T0, T0, -1, Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("negative");
        assertThat(List.of()).isEmpty();
    }
}
