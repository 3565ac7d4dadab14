package dev.gyre.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.data.profile.ProfileOptions;
import dev.gyre.data.profile.Profiler;
import dev.gyre.monitoring.drift.DatasetDrift;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataProfilesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void seed() {
        Data.seedSketches(2026);
    }

    /** A data-stage profile of ages (some missing) and plans, and the same values profiled here. */
    private static Object[] profiles(int rows, long seed, double shift) {
        Random random = new Random(seed);
        double[] ages = new double[rows];
        BitSet missing = new BitSet();
        int[] codes = new int[rows];
        ColumnProfile age = ColumnProfile.numeric();
        ColumnProfile plan = ColumnProfile.categorical();
        List<String> plans = List.of("basic", "pro", "team");
        for (int i = 0; i < rows; i++) {
            if (i % 17 == 0) {
                missing.set(i);
                age.update(Double.NaN);
            } else {
                ages[i] = 40 + shift + 12 * random.nextGaussian();
                age.update(ages[i]);
            }
            codes[i] = random.nextDouble() < 0.6 ? 0 : random.nextDouble() < 0.7 ? 1 : 2;
            plan.update(plans.get(codes[i]));
        }
        Table table = new Table(List.of(new NumericColumn("age", ages, missing),
                new CategoricalColumn("plan", plans, codes)));
        dev.gyre.data.profile.DatasetProfile data = new Profiler(table.schema(), new ProfileOptions(1024, 1000))
                .add(table).profile();
        DatasetProfile direct = new DatasetProfile(T0, T0, rows, new java.util.LinkedHashMap<>(
                java.util.Map.of("age", age, "plan", plan)));
        return new Object[] {data, direct};
    }

    @Test
    void aConvertedDataProfileHoldsTheSameCountsMomentsAndSketches() {
        Object[] p = profiles(20_000, 7, 0);
        DatasetProfile converted = DataProfiles.dataset((dev.gyre.data.profile.DatasetProfile) p[0], T0, T0);
        DatasetProfile direct = (DatasetProfile) p[1];
        ColumnProfile age = converted.column("age");
        ColumnProfile directAge = direct.column("age");
        assertThat(converted.rows()).isEqualTo(20_000);
        assertThat(age.kind()).isEqualTo(ColumnProfile.Kind.NUMERIC);
        assertThat(age.count()).isEqualTo(directAge.count());
        assertThat(age.missing()).isEqualTo(directAge.missing()).isEqualTo(20_000 / 17 + 1);
        assertThat(age.mean()).isCloseTo(directAge.mean(), within(1e-9));
        assertThat(age.variance()).isCloseTo(directAge.variance(), within(1e-6));
        assertThat(age.min()).isEqualTo(directAge.min());
        assertThat(age.quantiles().getN()).isEqualTo(directAge.count());
        assertThat(age.distinctEstimate()).isCloseTo(directAge.distinctEstimate(), within(0.05 * age.count()));
        ColumnProfile plan = converted.column("plan");
        assertThat(plan.kind()).isEqualTo(ColumnProfile.Kind.CATEGORICAL);
        assertThat(plan.hasExactCounts()).isTrue();
        assertThat(plan.labelCounts()).isEqualTo(direct.column("plan").labelCounts());
        // the converted profile and the one built here are two profiles of the same rows: no drift between them
        DatasetDrift same = new SketchDrift().evaluate(converted, direct);
        assertThat(same.drifted()).isZero();
        assertThat(same.columns().get("age").statistic()).isLessThan(0.02);
    }

    @Test
    void aSmallNumericReferenceKeepsExactCountsSoChiSquareRuns() {
        double[] classes = new double[700];
        ColumnProfile direct = ColumnProfile.numeric();
        for (int i = 0; i < classes.length; i++) {
            classes[i] = 1 + i % 3;
            direct.update(classes[i]);
        }
        Table table = new Table(List.of(new NumericColumn("pclass", classes, new BitSet())));
        ColumnProfile converted = DataProfiles.column(new Profiler(table.schema(), new ProfileOptions(1024, 1000))
                .add(table).profile().columns().get(0));
        assertThat(converted.hasExactCounts()).isTrue();
        assertThat(converted.numericCounts()).isEqualTo(direct.numericCounts())
                .containsEntry(1.0, 234L).containsEntry(3.0, 233L);
        ColumnProfile firstClass = ColumnProfile.numeric();
        for (int i = 0; i < 300; i++) {
            firstClass.update(1.0);
        }
        DatasetDrift drift = new SketchDrift().evaluate(
                new DatasetProfile(T0, T0, 700, java.util.Map.of("pclass", converted)),
                new DatasetProfile(T0, T0, 300, java.util.Map.of("pclass", firstClass)));
        assertThat(drift.columns().get("pclass").test()).isEqualTo("chisquare");
        assertThat(drift.columns().get("pclass").drifted()).isTrue();
    }

    @Test
    void aLiveWindowComparedWithAConvertedReferenceSeesAShift() {
        DatasetProfile reference = DataProfiles.dataset(
                (dev.gyre.data.profile.DatasetProfile) profiles(20_000, 11, 0)[0], T0, T0);
        DatasetProfile unchanged = (DatasetProfile) profiles(5_000, 12, 0)[1];
        DatasetProfile shifted = (DatasetProfile) profiles(5_000, 13, 9)[1];
        assertThat(new SketchDrift().evaluate(reference, unchanged).columns().get("age").drifted()).isFalse();
        DatasetDrift drift = new SketchDrift().evaluate(reference, shifted);
        assertThat(drift.columns().get("age").drifted()).isTrue();
        assertThat(drift.columns().get("plan").drifted()).isFalse();
    }
}
