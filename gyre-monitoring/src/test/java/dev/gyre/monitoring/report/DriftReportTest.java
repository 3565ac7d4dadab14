package dev.gyre.monitoring.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.monitoring.drift.Correction;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.profile.ColumnProfile;
import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.monitoring.profile.SketchDrift;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Drift reports built from real profiles of seeded samples: a numeric column shifted by one standard deviation, one
 * unchanged, a categorical column where a new category takes 30 % of the current window.
 */
class DriftReportTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-03T00:00:00Z");
    private static final String EVIL = "<script>alert('x')</script>";

    private double[] refShifted;
    private double[] curShifted;
    private double[] refSteady;
    private double[] curSteady;

    @BeforeEach
    void seed() {
        seedSketches(42);
        refShifted = normal(8000, 0, 1, 1);
        curShifted = normal(6000, 1, 1, 2);
        refSteady = normal(8000, 5, 2, 3);
        curSteady = normal(6000, 5, 2, 4);
    }

    @Test
    void numericHistogramSharesSumToOneAndShowTheShift() {
        DriftReport report = report();
        ColumnSummary shifted = report.columns().get("age");
        ColumnSummary.Histogram h = shifted.histogram();
        assertThat(h.bins()).isEqualTo(ColumnSummary.HISTOGRAM_BINS);
        assertThat(h.edges().get(0)).isEqualTo(Math.min(min(refShifted), min(curShifted)));
        assertThat(h.edges().get(20)).isEqualTo(Math.max(max(refShifted), max(curShifted)));
        assertThat(sum(h.reference())).isCloseTo(1.0, within(1e-12));
        assertThat(sum(h.current())).isCloseTo(1.0, within(1e-12));
        assertThat(h.method()).startsWith("KLL sketch");
        // the sketch's shares agree with the exact histogram of the samples within the KLL rank error
        double[] edges = h.edges().stream().mapToDouble(Double::doubleValue).toArray();
        double[] exactRef = exactShares(refShifted, edges);
        double[] exactCur = exactShares(curShifted, edges);
        for (int i = 0; i < h.bins(); i++) {
            assertThat(h.reference().get(i)).isCloseTo(exactRef[i], within(0.01));
            assertThat(h.current().get(i)).isCloseTo(exactCur[i], within(0.01));
        }
        // the histogram's means (bin centres weighted by shares) are one standard deviation apart
        assertThat(binMean(h.current(), edges) - binMean(h.reference(), edges)).isCloseTo(1.0, within(0.1));
        assertThat(shifted.drifted()).isTrue();
        assertThat(shifted.currentStats().mean() - shifted.referenceStats().mean()).isCloseTo(1.0, within(0.06));
        assertThat(shifted.referenceStats().std()).isCloseTo(1.0, within(0.05));

        ColumnSummary steady = report.columns().get("income");
        assertThat(steady.drifted()).isFalse();
        double largest = 0;
        for (int i = 0; i < steady.histogram().bins(); i++) {
            largest = Math.max(largest, Math.abs(steady.histogram().reference().get(i) - steady.histogram().current().get(i)));
        }
        assertThat(largest).isLessThan(0.03);
        assertThat(report.drift().drifted()).isEqualTo(2);
    }

    @Test
    void exactCountsGiveExactSharesWhenBothSidesKeepThem() {
        double[] ref = rounded(normal(3000, 0, 1, 11));
        double[] cur = rounded(normal(2000, 0.5, 1, 12));
        ColumnSummary c = ColumnSummary.of("score", profile(ref), profile(cur), null);
        assertThat(c.histogram().method()).isEqualTo("exact counts");
        double[] edges = c.histogram().edges().stream().mapToDouble(Double::doubleValue).toArray();
        double[] expectRef = exactShares(ref, edges);
        double[] expectCur = exactShares(cur, edges);
        for (int i = 0; i < edges.length - 1; i++) {
            assertThat(c.histogram().reference().get(i)).isCloseTo(expectRef[i], within(1e-12));
            assertThat(c.histogram().current().get(i)).isCloseTo(expectCur[i], within(1e-12));
        }
        assertThat(c.note()).contains("not tested");
    }

    @Test
    void categoricalSummaryShowsTheNewCategoryAndGroupsTheTailAsOther() {
        DriftReport report = report();
        ColumnSummary plan = report.columns().get("plan");
        ColumnSummary.CategoryShare newcomer = plan.categories().stream().filter(s -> s.label().equals("enterprise"))
                .findFirst().orElseThrow();
        assertThat(newcomer.reference()).isEqualTo(0.0);
        assertThat(newcomer.current()).isCloseTo(0.3, within(0.02));
        assertThat(plan.drifted()).isTrue();
        // 30 categories: the top 20 are listed, the other 10 (and 11 in the current window) are one row
        assertThat(plan.categories()).hasSize(ColumnSummary.TOP_CATEGORIES + 1);
        ColumnSummary.CategoryShare other = plan.categories().get(ColumnSummary.TOP_CATEGORIES);
        assertThat(other.other()).isTrue();
        assertThat(other.reference()).isGreaterThan(0.0);
        assertThat(plan.categories().stream().mapToDouble(ColumnSummary.CategoryShare::reference).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(plan.categories().stream().mapToDouble(ColumnSummary.CategoryShare::current).sum()).isCloseTo(1.0, within(1e-12));
        // listed by combined share, largest first
        List<ColumnSummary.CategoryShare> listed = plan.categories().subList(0, ColumnSummary.TOP_CATEGORIES);
        for (int i = 1; i < listed.size(); i++) {
            assertThat(listed.get(i).reference() + listed.get(i).current())
                    .isLessThanOrEqualTo(listed.get(i - 1).reference() + listed.get(i - 1).current());
        }
    }

    @Test
    void jsonReadsBackIntoATreeWithStableSnakeCaseFields() throws Exception {
        DriftReport report = report().withOutlierRate(0.0125)
                .withQuality(new LinkedHashMap<>(Map.of("accuracy", 0.91)))
                .withQuality(qualityWithUndefined());
        String json = DriftReportJson.write(report);
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(DriftReportJson.write(report)).isEqualTo(json);
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(fieldNames(root)).containsExactly("format", "format_version", "deployment", "model_version",
                "window_start", "window_end", "reference_rows", "current_rows", "dataset_drift", "columns",
                "outlier_rate", "quality");
        assertThat(root.get("format").asText()).isEqualTo("gyre.drift_report");
        assertThat(root.get("deployment").asText()).isEqualTo("churn-prod");
        assertThat(root.get("model_version").asText()).isEqualTo("7");
        assertThat(root.get("window_start").asText()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(root.get("reference_rows").asLong()).isEqualTo(8000);
        assertThat(root.get("current_rows").asLong()).isEqualTo(6000);
        assertThat(root.get("dataset_drift").get("drifted").asBoolean()).isTrue();
        assertThat(root.get("dataset_drift").get("share").asDouble()).isCloseTo(2 / 3.0, within(1e-15));
        assertThat(root.get("dataset_drift").get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(root.get("outlier_rate").asDouble()).isEqualTo(0.0125);
        assertThat(root.get("quality").get("accuracy").asDouble()).isEqualTo(0.91);
        assertThat(root.get("quality").get("r2").isNull()).isTrue();
        JsonNode columns = root.get("columns");
        assertThat(columns).hasSize(3);
        JsonNode age = columns.get(0);
        assertThat(age.get("column").asText()).isEqualTo("age");
        assertThat(age.get("kind").asText()).isEqualTo("numeric");
        assertThat(age.get("test").get("test").asText()).isEqualTo("wasserstein_normed");
        assertThat(age.get("test").get("p_value").isNull()).isTrue();
        assertThat(age.get("test").get("statistic").asDouble()).isEqualTo(report.columns().get("age").drift().statistic());
        assertThat(age.get("histogram").get("edges")).hasSize(21);
        assertThat(age.get("histogram").get("current")).hasSize(20);
        assertThat(age.get("reference_stats").get("std").asDouble()).isEqualTo(report.columns().get("age").referenceStats().std());
        assertThat(age.get("categories")).isEmpty();
        JsonNode plan = columns.get(2);
        assertThat(plan.get("kind").asText()).isEqualTo("categorical");
        assertThat(plan.get("histogram").isNull()).isTrue();
        assertThat(plan.get("categories").get(0).has("label")).isTrue();
        assertThat(plan.get("categories")).hasSize(21);
    }

    @Test
    void htmlIsSelfContainedWithOneChartPerColumnAndDriftedColumnsMarked() {
        DriftReport report = report().withOutlierRate(0.02).withQuality(Map.of("accuracy", 0.88));
        String html = DriftReportHtml.render(report);
        assertThat(count(html, "<svg")).isEqualTo(report.columns().size());
        assertThat(count(html, "<section class=\"column drifted\">")).isEqualTo(2);
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=")
                .doesNotContain("@import").doesNotContain("url(");
        assertThat(html).contains("Dataset drift detected").contains("share 0.6667, threshold 0.5")
                .contains("churn-prod").contains("Outlier rate in the window: 2%").contains(">accuracy<")
                .contains("share of values").contains(">reference<").contains(">current<");
        assertThat(DriftReportHtml.render(report)).isEqualTo(html);
        // profiles rebuilt from the same samples (with the sketches' generator seeded alike) give the same page
        seedSketches(42);
        String first = DriftReportHtml.render(report());
        seedSketches(42);
        assertThat(DriftReportHtml.render(report())).isEqualTo(first);
    }

    @Test
    void labelsAndNamesFromTheDataAreEscaped() {
        ColumnProfile ref = ColumnProfile.categorical();
        ColumnProfile cur = ColumnProfile.categorical();
        for (int i = 0; i < 100; i++) {
            ref.update(i % 2 == 0 ? EVIL : "plain");
            cur.update(i % 3 == 0 ? EVIL : "plain & \"quoted\"");
        }
        String column = "col<img onerror=x>";
        DatasetProfile a = new DatasetProfile(T0, T1, 100, Map.of(column, ref));
        DatasetProfile b = new DatasetProfile(T1, T2, 100, Map.of(column, cur));
        DriftReport report = DriftReport.of("<b>dep</b>", "v\"1", a, b, new SketchDrift().evaluate(a, b));
        String html = DriftReportHtml.render(report);
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>dep");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("col&lt;img onerror=x&gt;")
                .contains("&lt;b&gt;dep&lt;/b&gt;").contains("plain &amp; &quot;quoted&quot;");
        assertThat(count(html, "<svg")).isEqualTo(1);
    }

    @Test
    void emptyCurrentWindowGivesNoDataColumnsInsteadOfFailing() throws Exception {
        DatasetProfile reference = referenceProfile();
        Map<String, ColumnProfile> empty = new LinkedHashMap<>();
        empty.put("age", ColumnProfile.numeric());
        empty.put("income", ColumnProfile.numeric());
        empty.put("plan", ColumnProfile.categorical());
        DatasetProfile current = new DatasetProfile(T1, T2, 0, empty);
        Map<String, DriftResult> results = new LinkedHashMap<>();
        for (String c : empty.keySet()) {
            results.put(c, DriftResult.notApplicable("jensenshannon", 0.1, "no data in the current window"));
        }
        DatasetDrift drift = new DatasetDrift(results, 0, 0, null, 0.5, false, Correction.NONE,
                "no column could be tested; see each column's note");
        DriftReport report = DriftReport.of("churn-prod", null, reference, current, drift);
        for (ColumnSummary c : report.columns().values()) {
            assertThat(c.note()).contains("no data in the current window");
            assertThat(c.currentCount()).isZero();
            assertThat(c.currentStats()).isNull();
            assertThat(c.drifted()).isFalse();
        }
        ColumnSummary age = report.columns().get("age");
        assertThat(age.histogram().current()).isNull();
        assertThat(sum(age.histogram().reference())).isCloseTo(1.0, within(1e-12));
        assertThat(report.columns().get("plan").categories()).allSatisfy(s -> assertThat(s.current()).isNull());
        JsonNode root = new ObjectMapper().readTree(DriftReportJson.write(report));
        assertThat(root.get("current_rows").asLong()).isZero();
        assertThat(root.get("model_version").isNull()).isTrue();
        assertThat(root.get("dataset_drift").get("share").isNull()).isTrue();
        assertThat(root.get("columns").get(0).get("histogram").get("current").isNull()).isTrue();
        String html = DriftReportHtml.render(report);
        assertThat(count(html, "<svg")).isEqualTo(3);
        assertThat(html).contains("Dataset drift not decided").contains("current (no data)");
    }

    @Test
    void columnMissingOnOneSideIsReportedWithANote() {
        DatasetProfile reference = referenceProfile();
        Map<String, ColumnProfile> cur = new LinkedHashMap<>(currentProfile().columns());
        cur.remove("income");
        cur.put("tenure", ColumnProfile.numeric().updateAll(normal(500, 12, 3, 9)));
        DatasetProfile current = new DatasetProfile(T1, T2, 6000, cur);
        Map<String, ColumnProfile> refCommon = new LinkedHashMap<>(reference.columns());
        refCommon.remove("income");
        Map<String, ColumnProfile> curCommon = new LinkedHashMap<>(cur);
        curCommon.remove("tenure");
        DatasetDrift drift = new SketchDrift().evaluate(new DatasetProfile(T0, T1, 8000, refCommon),
                new DatasetProfile(T1, T2, 6000, curCommon));
        DriftReport report = DriftReport.of("churn-prod", "7", reference, current, drift);
        assertThat(report.columns().keySet()).containsExactly("age", "income", "plan", "tenure");
        ColumnSummary income = report.columns().get("income");
        assertThat(income.note()).contains("column missing from the current profile");
        assertThat(income.currentCount()).isNull();
        assertThat(income.histogram().reference()).isNotNull();
        assertThat(income.histogram().current()).isNull();
        ColumnSummary tenure = report.columns().get("tenure");
        assertThat(tenure.note()).contains("column missing from the reference profile").contains("not tested");
        assertThat(tenure.histogram().reference()).isNull();
        assertThat(sum(tenure.histogram().current())).isCloseTo(1.0, within(1e-12));
        assertThat(count(DriftReportHtml.render(report), "<svg")).isEqualTo(4);
        assertThat(DriftReportJson.write(report)).contains("\"column missing from the current profile; not tested for drift\"");
    }

    @Test
    void refusesAnOutlierRateThatIsNotAShare() {
        DriftReport report = report();
        assertThatThrownBy(() -> report.withOutlierRate(1.5)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> report.withOutlierRate(Double.NaN)).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> DriftReport.of("d", "v", null, referenceProfile(), report.drift()))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void constantColumnGetsOneBinHoldingEverything() {
        ColumnSummary c = ColumnSummary.of("flag", ColumnProfile.numeric().updateAll(3, 3, 3),
                ColumnProfile.numeric().updateAll(3, 3), null);
        assertThat(c.histogram().edges()).containsExactly(3.0, 3.0);
        assertThat(c.histogram().reference()).containsExactly(1.0);
        assertThat(c.histogram().current()).containsExactly(1.0);
    }

    // ------------------------------------------------------------ fixtures

    private DriftReport report() {
        DatasetProfile reference = referenceProfile();
        DatasetProfile current = currentProfile();
        return DriftReport.of("churn-prod", "7", reference, current, new SketchDrift().evaluate(reference, current));
    }

    private DatasetProfile referenceProfile() {
        Map<String, ColumnProfile> cols = new LinkedHashMap<>();
        cols.put("age", ColumnProfile.numeric().updateAll(refShifted));
        cols.put("income", ColumnProfile.numeric().updateAll(refSteady));
        cols.put("plan", ColumnProfile.categorical().updateAll(labels(8000, 30, 0, 5)));
        return new DatasetProfile(T0, T1, 8000, cols);
    }

    private DatasetProfile currentProfile() {
        Map<String, ColumnProfile> cols = new LinkedHashMap<>();
        cols.put("age", ColumnProfile.numeric().updateAll(curShifted));
        cols.put("income", ColumnProfile.numeric().updateAll(curSteady));
        cols.put("plan", ColumnProfile.categorical().updateAll(labels(6000, 30, 0.3, 6)));
        return new DatasetProfile(T1, T2, 6000, cols);
    }

    private static Map<String, Double> qualityWithUndefined() {
        Map<String, Double> q = new LinkedHashMap<>();
        q.put("accuracy", 0.91);
        q.put("r2", Double.NaN);
        return q;
    }

    /** Skewed labels c0 … c{k−1}; with probability {@code newShare} the label "enterprise" instead. */
    private static List<String> labels(int n, int k, double newShare, long seed) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rnd.nextDouble() < newShare ? "enterprise" : "c" + (int) Math.floor(Math.pow(rnd.nextDouble(), 2) * k));
        }
        return out;
    }

    private static double[] normal(int n, double mean, double sd, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * rnd.nextGaussian();
        }
        return v;
    }

    private static double[] rounded(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 10) / 10.0;
        }
        return out;
    }

    private static ColumnProfile profile(double[] v) {
        return ColumnProfile.numeric().updateAll(v);
    }

    /** Shares of the samples in bins [e_i, e_i+1), the last closed, counted directly. */
    private static double[] exactShares(double[] v, double[] edges) {
        int bins = edges.length - 1;
        double[] out = new double[bins];
        for (double x : v) {
            int b = bins - 1;
            for (int i = 0; i < bins; i++) {
                if (x < edges[i + 1]) {
                    b = i;
                    break;
                }
            }
            out[b] += 1.0 / v.length;
        }
        return out;
    }

    private static double binMean(List<Double> shares, double[] edges) {
        double m = 0;
        for (int i = 0; i < shares.size(); i++) {
            m += shares.get(i) * (edges[i] + edges[i + 1]) / 2;
        }
        return m;
    }

    private static double sum(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElseThrow();
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** Seeds DataSketches' KLL compaction generator; see {@link dev.gyre.monitoring.testing.Sketches#seed}. */
    static void seedSketches(long seed) {
        dev.gyre.monitoring.testing.Sketches.seed(seed);
    }
}
