package dev.gyre.monitoring.scenario;

import dev.gyre.monitoring.drift.Column;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftDefaults;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.drift.Wasserstein;
import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.monitoring.profile.SketchDrift;
import dev.gyre.training.Metrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bike-sharing acceptance scenario: a model of hourly rentals trained on 2011 and monitored on 2012, month by
 * month, with the default drift tests on raw columns ({@link DriftDefaults}) and on profiles ({@link SketchDrift}).
 * The assertions state what the data does, measured once and printed by {@link #load()}: the 2012 months drift
 * from the year-round 2011 reference on the seasonal inputs, the prediction and the target, never on the hour of
 * day or working days; against the same month of 2011 the seasonal columns mostly settle while the target keeps
 * drifting and the prediction does not follow it (demand grew, which the inputs cannot show); random halves of 2011
 * do not drift; and the drift from profiles gives the same verdicts as the exact tests.
 */
class BikeSharingDriftScenarioTest {

    private static final List<String> CALENDAR = List.of("hr", "weekday", "workingday", "holiday");
    private static final List<String> WEATHER = List.of("temp", "atemp", "hum");

    private static BikeSharing bikes;
    private static int[] year2011;
    /** Index m − 1: 2012 month m against all of 2011, exact and from profiles. */
    private static final DatasetDrift[] yearExact = new DatasetDrift[12];
    private static final DatasetDrift[] yearSketch = new DatasetDrift[12];
    /** Index m − 1: 2012 month m against 2011 month m. */
    private static final DatasetDrift[] monthExact = new DatasetDrift[12];
    private static final DatasetDrift[] monthSketch = new DatasetDrift[12];
    private static DatasetProfile referenceProfile;

    @BeforeAll
    static void load() {
        seedSketches(20111231L);
        bikes = BikeSharing.load();
        year2011 = bikes.year(0);
        Map<String, Column> reference = bikes.columns(year2011);
        referenceProfile = bikes.profile(year2011);
        DriftDefaults exact = new DriftDefaults();
        SketchDrift sketch = new SketchDrift();
        StringBuilder table = new StringBuilder("2012 month against all of 2011 (exact statistic, * = drift; sketch verdicts in brackets when they differ)\n");
        table.append(header());
        for (int m = 1; m <= 12; m++) {
            int[] current = bikes.month(1, m);
            int[] same = bikes.month(0, m);
            yearExact[m - 1] = exact.evaluate(reference, bikes.columns(current));
            yearSketch[m - 1] = sketch.evaluate(referenceProfile, bikes.profile(current));
            monthExact[m - 1] = exact.evaluate(bikes.columns(same), bikes.columns(current));
            monthSketch[m - 1] = sketch.evaluate(bikes.profile(same), bikes.profile(current));
            table.append(row(m, yearExact[m - 1], yearSketch[m - 1]));
        }
        table.append("2012 month against the same month of 2011\n").append(header());
        for (int m = 1; m <= 12; m++) {
            table.append(row(m, monthExact[m - 1], monthSketch[m - 1]));
        }
        table.append("tests: ");
        for (String c : BikeSharing.MONITORED) {
            table.append(c).append('=').append(yearExact[0].columns().get(c).test()).append('/')
                    .append(monthExact[5].columns().get(c).test()).append(' ');
        }
        System.out.println(table);
    }

    /** Seeds DataSketches' KLL compaction generator; see {@link dev.gyre.monitoring.testing.Sketches#seed}. */
    static void seedSketches(long seed) {
        dev.gyre.monitoring.testing.Sketches.seed(seed);
    }

    private static String header() {
        StringBuilder sb = new StringBuilder(String.format("%-3s", "m"));
        for (String c : BikeSharing.MONITORED) {
            sb.append(String.format(" %11s", c.length() > 10 ? c.substring(0, 10) : c));
        }
        return sb.append("  share\n").toString();
    }

    private static String row(int m, DatasetDrift exact, DatasetDrift sketch) {
        StringBuilder sb = new StringBuilder(String.format("%-3d", m));
        for (String c : BikeSharing.MONITORED) {
            DriftResult e = exact.columns().get(c);
            DriftResult s = sketch.columns().get(c);
            String cell = !e.applicable() ? "n/a" : String.format("%.3f%s", Math.abs(e.statistic()), e.drifted() ? "*" : "");
            if (s.drifted() != e.drifted()) {
                cell += s.drifted() ? "[*]" : "[-]";
            }
            sb.append(String.format(" %11s", cell));
        }
        return sb.append(String.format("  %d/%d%s%n", exact.drifted(), exact.tested(), exact.datasetDrift() ? " DATASET" : "")).toString();
    }

    private static int monthsDrifted(DatasetDrift[] results, String column) {
        int n = 0;
        for (DatasetDrift d : results) {
            n += d.columns().get(column).drifted() ? 1 : 0;
        }
        return n;
    }

    @Test
    void modelTrainedOn2011FitsItAndUnderpredictsEvery2012Month() {
        assertThat(year2011).hasSize(8645);
        assertThat(bikes.rowCount()).isEqualTo(17_379);
        double r2in = Metrics.r2(bikes.values("cnt", year2011), bikes.values("prediction", year2011));
        int[] year2012 = bikes.year(1);
        double r2out = Metrics.r2(bikes.values("cnt", year2012), bikes.values("prediction", year2012));
        System.out.printf("R² of the 2011 model: %.3f on 2011, %.3f on 2012%n", r2in, r2out);
        assertThat(r2in).isGreaterThan(0.95);
        assertThat(r2out).isBetween(0.5, 0.8);
        for (int m = 1; m <= 12; m++) {
            int[] rows = bikes.month(1, m);
            double actual = BikeSharing.mean(bikes.values("cnt", rows));
            double predicted = BikeSharing.mean(bikes.values("prediction", rows));
            double lastYear = BikeSharing.mean(bikes.values("cnt", bikes.month(0, m)));
            System.out.printf("2012-%02d mean cnt %.1f, mean prediction %.1f, 2011-%02d mean cnt %.1f%n", m, actual, predicted, m, lastYear);
            // demand grew: the 2012 month rents 1.3 to 2.1 times what the model expects from its weather and calendar
            assertThat(actual / predicted).as("month %d", m).isBetween(1.3, 2.1);
            // while the model expects about what the same month rented in 2011 (a warmer March 2012: 1.27)
            assertThat(predicted / lastYear).as("month %d", m).isBetween(0.85, 1.3);
        }
    }

    @Test
    void againstTheYearRoundReferenceSeasonalInputsPredictionAndTargetDriftButTheHourOfDayNever() {
        // the reference holds 8 645 hours: normalised Wasserstein for numeric columns, Jensen–Shannon for the
        // few-valued ones (season, holiday, workingday, weathersit)
        assertThat(yearExact[0].columns().get("temp").test()).isEqualTo("wasserstein_normed");
        assertThat(yearExact[0].columns().get("season").test()).isEqualTo("jensenshannon");
        for (String seasonal : List.of("season", "mnth", "temp", "atemp", "hum")) {
            assertThat(monthsDrifted(yearExact, seasonal)).as(seasonal).isEqualTo(12);
        }
        for (DatasetDrift d : yearExact) {
            assertThat(d.columns().get("temp").statistic()).isGreaterThan(0.39);
        }
        assertThat(monthsDrifted(yearExact, "prediction")).isEqualTo(11); // April's predictions look like the year's
        assertThat(yearExact[3].columns().get("prediction").drifted()).isFalse();
        // winter 2012 rents about what an average 2011 hour did: the year-round reference hides growth there
        assertThat(monthsDrifted(yearExact, "cnt")).isEqualTo(11);
        assertThat(yearExact[1].columns().get("cnt").drifted()).isFalse();
        for (int m = 3; m <= 11; m++) {
            assertThat(yearExact[m - 1].columns().get("cnt").statistic()).as("month %d", m).isGreaterThan(0.5);
        }
        assertThat(monthsDrifted(yearExact, "hr")).isZero();
        assertThat(monthsDrifted(yearExact, "workingday")).isZero();
        assertThat(monthsDrifted(yearExact, "holiday")).isZero();
        // weekday: a month with five of some weekdays sits on the 0.1 threshold (January 0.1005, July 0.1028)
        assertThat(monthsDrifted(yearExact, "weekday")).isEqualTo(2);
        for (DatasetDrift d : yearExact) {
            assertThat(d.columns().get("hr").statistic()).isLessThan(0.02);
            assertThat(d.columns().get("weekday").statistic()).isLessThan(0.11);
        }
        int datasetDrift = 0;
        for (DatasetDrift d : yearExact) {
            datasetDrift += d.datasetDrift() ? 1 : 0;
        }
        assertThat(datasetDrift).isEqualTo(11); // February: 6 of 13 columns
        assertThat(yearExact[1].datasetDrift()).isFalse();
    }

    @Test
    void againstTheSameMonthOf2011TheTargetStillDriftsWhileThePredictionAndCalendarDoNot() {
        // a month holds at most 744 hours: KS, chi-square and Z; season and mnth are constant on both sides
        assertThat(monthExact[0].columns().get("cnt").test()).isEqualTo("ks");
        assertThat(monthExact[0].columns().get("mnth").applicable()).isFalse();
        assertThat(monthsDrifted(monthExact, "season")).isZero();
        assertThat(monthsDrifted(monthExact, "mnth")).isZero();

        assertThat(monthsDrifted(monthExact, "cnt")).isEqualTo(12);
        assertThat(monthsDrifted(monthExact, "prediction")).isEqualTo(4); // January, March, April, September
        for (int m = 1; m <= 12; m++) {
            double target = monthExact[m - 1].columns().get("cnt").statistic();
            double prediction = monthExact[m - 1].columns().get("prediction").statistic();
            assertThat(target).as("month %d", m).isGreaterThan(0.14);
            assertThat(target).as("month %d: the target moves further than the model's view of it", m).isGreaterThan(prediction + 0.09);
        }
        assertThat(monthsDrifted(monthExact, "hr")).isZero();
        assertThat(monthsDrifted(monthExact, "weekday")).isZero();

        // the weather of one month differs from year to year (hourly rows are autocorrelated, so KS on them is
        // sensitive): temperature still drifts in 8 months, but by far less than against the whole year
        assertThat(monthsDrifted(monthExact, "temp")).isEqualTo(8);
        // in °C (temp is °C / 41), the Wasserstein distance between the hours' temperatures: the same month of
        // 2011 is nearer than the whole year except in March (March 2012 was far warmer than March 2011)
        Wasserstein w = new Wasserstein();
        int nearer = 0;
        for (int m = 1; m <= 12; m++) {
            int[] current = bikes.month(1, m);
            double sameMonth = degrees(w, bikes.values("temp", bikes.month(0, m)), bikes.values("temp", current));
            double yearRound = degrees(w, bikes.values("temp", year2011), bikes.values("temp", current));
            System.out.printf("2012-%02d temperature Wasserstein %.1f °C against 2011-%02d, %.1f °C against 2011%n",
                    m, sameMonth, m, yearRound);
            nearer += sameMonth < yearRound ? 1 : 0;
            if (m != 3) {
                assertThat(sameMonth).as("month %d", m).isLessThan(yearRound);
            }
        }
        assertThat(nearer).isEqualTo(11);
        int drifted = 0;
        for (DatasetDrift d : monthExact) {
            drifted += d.drifted();
        }
        int driftedYear = 0;
        for (DatasetDrift d : yearExact) {
            driftedYear += d.drifted();
        }
        assertThat(drifted).isLessThan(driftedYear);
    }

    @Test
    void randomHalvesOf2011DoNotDrift() {
        DriftDefaults exact = new DriftDefaults();
        SketchDrift sketch = new SketchDrift();
        int columnsDrifted = 0;
        double largest = 0;
        for (long seed = 1; seed <= 10; seed++) {
            int[][] halves = BikeSharing.halves(year2011, seed);
            DatasetDrift e = exact.evaluate(bikes.columns(halves[0]), bikes.columns(halves[1]));
            DatasetDrift s = sketch.evaluate(bikes.profile(halves[0]), bikes.profile(halves[1]));
            assertThat(e.datasetDrift()).isFalse();
            assertThat(s.datasetDrift()).isFalse();
            assertThat(e.tested()).isEqualTo(13);
            columnsDrifted += e.drifted() + s.drifted();
            for (DriftResult r : e.columns().values()) {
                largest = Math.max(largest, r.statistic());
            }
        }
        System.out.printf("10 random halves of 2011: %d column verdicts of drift, largest statistic %.4f%n", columnsDrifted, largest);
        assertThat(columnsDrifted).isZero();
        assertThat(largest).isLessThan(0.07); // the thresholds are 0.1
    }

    @Test
    void smallRandomSamplesOf2011DriftAtAboutTheTestsLevel() {
        // the control for the same-month comparison: 700 random 2011 hours against 700 others use the same
        // p-value tests; independent rows flag a column in about 5 % of the tests, far below what 2012 shows
        DriftDefaults exact = new DriftDefaults();
        int tests = 0;
        int drifted = 0;
        int datasets = 0;
        Random rnd = new Random(7);
        for (int k = 0; k < 20; k++) {
            int[][] halves = BikeSharing.halves(year2011, rnd.nextLong());
            DatasetDrift d = exact.evaluate(bikes.columns(shuffledPrefix(halves[0], rnd)), bikes.columns(shuffledPrefix(halves[1], rnd)));
            assertThat(d.columns().get("temp").test()).isEqualTo("ks");
            tests += d.tested();
            drifted += d.drifted();
            datasets += d.datasetDrift() ? 1 : 0;
        }
        System.out.printf("20 pairs of 700 random 2011 hours: %d of %d column tests drifted, %d dataset drifts%n", drifted, tests, datasets);
        assertThat(datasets).isZero();
        assertThat(drifted / (double) tests).isLessThan(0.1);
        int monthTests = 0;
        int monthDrifted = 0;
        for (DatasetDrift d : monthExact) {
            monthTests += d.tested();
            monthDrifted += d.drifted();
        }
        System.out.printf("2012 against the same month of 2011: %d of %d column tests drifted%n", monthDrifted, monthTests);
        assertThat(monthDrifted / (double) monthTests).isGreaterThan(0.4);
    }

    /** The unnormalised Wasserstein distance in °C between two samples of {@code temp} (°C / 41). */
    private static double degrees(Wasserstein w, double[] reference, double[] current) {
        double mean = BikeSharing.mean(reference);
        double ss = 0;
        for (double v : reference) {
            ss += (v - mean) * (v - mean);
        }
        double sigma = Math.max(Math.sqrt(ss / reference.length), 0.001);
        return w.test(Column.numeric(reference), Column.numeric(current)).statistic() * sigma * 41;
    }

    private static int[] shuffledPrefix(int[] rows, Random rnd) {
        int[] copy = rows.clone();
        for (int i = copy.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return java.util.Arrays.copyOf(copy, 700);
    }

    @Test
    void driftFromProfilesGivesTheExactVerdicts() {
        int verdicts = 0;
        int agree = 0;
        double worstWasserstein = 0;
        double worstRatio = 0;
        for (int m = 1; m <= 12; m++) {
            for (String c : BikeSharing.MONITORED) {
                for (DatasetDrift[] pair : new DatasetDrift[][] {{yearExact[m - 1], yearSketch[m - 1]}, {monthExact[m - 1], monthSketch[m - 1]}}) {
                    DriftResult e = pair[0].columns().get(c);
                    DriftResult s = pair[1].columns().get(c);
                    assertThat(s.test()).isEqualTo(e.test());
                    assertThat(s.applicable()).isEqualTo(e.applicable());
                    verdicts++;
                    agree += s.drifted() == e.drifted() ? 1 : 0;
                    if (!e.applicable()) {
                        continue;
                    }
                    if (e.test().equals("wasserstein_normed")) {
                        continue; // checked against its bound below
                    }
                    // KS on at most 744 hours (the sketches still hold every value), Jensen–Shannon, chi-square
                    // and Z from exact counts: the exact results
                    assertThat(s.statistic()).as("%s month %d", c, m).isCloseTo(e.statistic(), within(1e-12));
                    if (e.pValue() != null) {
                        assertThat(s.pValue()).as("%s month %d", c, m).isCloseTo(e.pValue(), within(1e-9));
                    }
                }
            }
            DatasetProfile current = bikes.profile(bikes.month(1, m));
            for (String c : BikeSharing.MONITORED) {
                DriftResult e = yearExact[m - 1].columns().get(c);
                if (!e.test().equals("wasserstein_normed")) {
                    continue;
                }
                double error = Math.abs(yearSketch[m - 1].columns().get(c).statistic() - e.statistic());
                double bound = SketchDrift.wassersteinBound(referenceProfile.column(c), current.column(c));
                assertThat(error).as("%s month %d", c, m).isLessThanOrEqualTo(bound);
                worstWasserstein = Math.max(worstWasserstein, error);
                worstRatio = Math.max(worstRatio, error / bound);
            }
            assertThat(yearSketch[m - 1].datasetDrift()).isEqualTo(yearExact[m - 1].datasetDrift());
            assertThat(monthSketch[m - 1].datasetDrift()).isEqualTo(monthExact[m - 1].datasetDrift());
        }
        System.out.printf("profiles against exact: %d of %d verdicts agree; Wasserstein worst error %.4f (%.0f %% of its bound)%n",
                agree, verdicts, worstWasserstein, 100 * worstRatio);
        assertThat(verdicts).isEqualTo(12 * 13 * 2);
        assertThat(agree).isEqualTo(verdicts);
        assertThat(worstWasserstein).isLessThan(0.01);
    }
}
