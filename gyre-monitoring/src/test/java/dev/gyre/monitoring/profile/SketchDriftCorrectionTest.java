package dev.gyre.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.monitoring.drift.Column;
import dev.gyre.monitoring.drift.Correction;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftDefaults;
import dev.gyre.monitoring.drift.DriftResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Multiple-testing correction from profiles gives the verdicts the exact path gives on the same data. */
class SketchDriftCorrectionTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void correctedVerdictsFromProfilesMatchTheExactOnes() {
        Random random = new Random(17);
        Map<String, Column> refColumns = new LinkedHashMap<>();
        Map<String, Column> curColumns = new LinkedHashMap<>();
        Map<String, ColumnProfile> refProfiles = new LinkedHashMap<>();
        Map<String, ColumnProfile> curProfiles = new LinkedHashMap<>();
        // eight categorical columns (exact counts on both sides: chi-square from profiles is the exact test),
        // shifted from nothing to a little, so that some p-values sit between 0.05/8 and 0.05
        double[] shifts = {0, 0.03, 0.05, 0.06, 0.07, 0.08, 0.09, 0.12};
        for (int c = 0; c < shifts.length; c++) {
            List<String> ref = new ArrayList<>();
            List<String> cur = new ArrayList<>();
            ColumnProfile rp = ColumnProfile.categorical();
            ColumnProfile cp = ColumnProfile.categorical();
            for (int i = 0; i < 600; i++) {
                String r = random.nextDouble() < 0.5 ? "a" : random.nextDouble() < 0.5 ? "b" : "c";
                String k = random.nextDouble() < 0.5 + shifts[c] ? "a" : random.nextDouble() < 0.5 ? "b" : "c";
                ref.add(r);
                cur.add(k);
                rp.update(r);
                cp.update(k);
            }
            refColumns.put("c" + c, Column.categorical(ref));
            curColumns.put("c" + c, Column.categorical(cur));
            refProfiles.put("c" + c, rp);
            curProfiles.put("c" + c, cp);
        }
        DatasetProfile reference = new DatasetProfile(T0, T0, 600, refProfiles);
        DatasetProfile current = new DatasetProfile(T0, T0, 600, curProfiles);
        for (Correction correction : Correction.values()) {
            DatasetDrift exact = new DriftDefaults().withCorrection(correction).evaluate(refColumns, curColumns);
            DatasetDrift sketch = new SketchDrift().withCorrection(correction).evaluate(reference, current);
            assertThat(sketch.correction()).isEqualTo(correction);
            assertThat(sketch.drifted()).as(correction.name()).isEqualTo(exact.drifted());
            for (String name : refColumns.keySet()) {
                DriftResult e = exact.columns().get(name);
                DriftResult s = sketch.columns().get(name);
                assertThat(s.test()).isEqualTo("chisquare");
                assertThat(s.pValue()).isCloseTo(e.pValue(), within(1e-12));
                assertThat(s.threshold()).isCloseTo(e.threshold(), within(1e-15));
                assertThat(s.drifted()).as(correction + " " + name).isEqualTo(e.drifted());
            }
        }
        // the corrections are not all alike on these data: something changed
        int none = new SketchDrift().evaluate(reference, current).drifted();
        int bonferroni = new SketchDrift().withCorrection(Correction.BONFERRONI).evaluate(reference, current).drifted();
        assertThat(bonferroni).isLessThan(none);
    }
}
