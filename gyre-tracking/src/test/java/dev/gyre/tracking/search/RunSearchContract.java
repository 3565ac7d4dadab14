package dev.gyre.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.store.db.Database;
import dev.gyre.tracking.Metric;
import dev.gyre.tracking.Param;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunPage;
import dev.gyre.tracking.RunStatus;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.ViewType;
import dev.gyre.tracking.audit.AuditSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run search through {@link TrackingService#searchRuns}; run once per database by the subclasses.
 *
 * <p>Fixture, experiment {@code exp}: runs r0..r4 started at 100..500, with
 * <ul>
 *   <li>metric {@code acc}: r0 0.5, r1 0.9, r2 0.7, r3 NaN, r4 none</li>
 *   <li>param {@code model}: r0..r2 {@code tree}, r3 {@code Linear}, r4 none; param {@code lr} r0 {@code 0.1}</li>
 *   <li>tag {@code team}: r0 {@code red}, r1 {@code blue}, r2..r4 none</li>
 *   <li>r1 FINISHED, r2 FAILED, the others RUNNING; user {@code u0}..{@code u4}</li>
 * </ul>
 * and experiment {@code other} with one run, d0 (deleted), plus a deleted run r5 in {@code exp}.
 */
abstract class RunSearchContract {

    @TempDir
    Path tempDir;

    private Database database;
    private TrackingService tracking;
    private String exp;
    private String other;
    private final List<String> r = new ArrayList<>();
    private String d0;
    private String r5;

    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        tracking = new TrackingService(database, "file:///artifacts", Clock.systemUTC(), AuditSink.none());
        exp = tracking.createExperiment("exp", null, List.of(), null, null);
        other = tracking.createExperiment("other", null, List.of(), null, null);
        double[] acc = {0.5, 0.9, 0.7, Double.NaN};
        for (int i = 0; i < 5; i++) {
            String id = tracking.createRun(exp, "u" + i, 100L * (i + 1), "run-" + i, List.of()).info().runId();
            r.add(id);
            List<Metric> metrics = i < 4 ? List.of(new Metric("acc", acc[i], 1, 0)) : List.of();
            List<Param> params = new ArrayList<>();
            if (i < 4) {
                params.add(new Param("model", i < 3 ? "tree" : "Linear"));
            }
            if (i == 0) {
                params.add(new Param("lr", "0.1"));
            }
            List<RunTag> tags = i == 0 ? List.of(new RunTag("team", "red"))
                    : i == 1 ? List.of(new RunTag("team", "blue")) : List.of();
            tracking.logBatch(id, metrics, params, tags);
        }
        tracking.updateRun(r.get(1), RunStatus.FINISHED, 1000L, null);
        tracking.updateRun(r.get(2), RunStatus.FAILED, 1000L, null);
        r5 = tracking.createRun(exp, "u5", 600L, "run-5", List.of()).info().runId();
        tracking.deleteRun(r5);
        d0 = tracking.createRun(other, "x", 50L, "d-0", List.of()).info().runId();
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    private List<String> search(String filter, String... orderBy) {
        return ids(tracking.searchRuns(List.of(exp), filter, null, null, List.of(orderBy), null));
    }

    private static List<String> ids(RunPage page) {
        return page.runs().stream().map(run -> run.info().runId()).toList();
    }

    private List<String> runs(int... indexes) {
        List<String> ids = new ArrayList<>();
        for (int i : indexes) {
            ids.add(r.get(i));
        }
        return ids;
    }

    @Test
    void defaultOrderIsNewestFirst() {
        assertThat(search(null)).containsExactlyElementsOf(runs(4, 3, 2, 1, 0));
    }

    @Test
    void filtersOnMetrics() {
        assertThat(search("metrics.acc > 0.6")).containsExactlyElementsOf(runs(2, 1));
        assertThat(search("metrics.acc >= 0.7")).containsExactlyElementsOf(runs(2, 1));
        assertThat(search("metrics.acc < 0.6")).containsExactlyElementsOf(runs(0));
        assertThat(search("metrics.acc <= 0.5")).containsExactlyElementsOf(runs(0));
        assertThat(search("metrics.acc = 0.9")).containsExactlyElementsOf(runs(1));
        // NaN differs from every number; runs without the metric never match
        assertThat(search("metrics.acc != 0.9")).containsExactlyElementsOf(runs(3, 2, 0));
        assertThat(search("metrics.missing > 0")).isEmpty();
    }

    @Test
    void filtersOnParamsAndTags() {
        assertThat(search("params.model = 'tree'")).containsExactlyElementsOf(runs(2, 1, 0));
        assertThat(search("params.model != 'tree'")).containsExactlyElementsOf(runs(3));
        assertThat(search("params.model LIKE 'L%'")).containsExactlyElementsOf(runs(3));
        assertThat(search("params.model LIKE 'l%'")).isEmpty();
        assertThat(search("params.model ILIKE 'l%'")).containsExactlyElementsOf(runs(3));
        assertThat(search("tags.team = 'red'")).containsExactlyElementsOf(runs(0));
        assertThat(search("tags.team ILIKE '%E%'")).containsExactlyElementsOf(runs(1, 0));
        assertThat(search("tags.mlflow.runName = 'run-2'")).containsExactlyElementsOf(runs(2));
    }

    @Test
    void filtersOnAttributes() {
        assertThat(search("attributes.status = 'FINISHED'")).containsExactlyElementsOf(runs(1));
        assertThat(search("status IN ('FINISHED', 'FAILED')")).containsExactlyElementsOf(runs(2, 1));
        assertThat(search("status NOT IN ('RUNNING')")).containsExactlyElementsOf(runs(2, 1));
        assertThat(search("start_time > 300")).containsExactlyElementsOf(runs(4, 3));
        assertThat(search("attributes.start_time <= 200")).containsExactlyElementsOf(runs(1, 0));
        assertThat(search("run_name = 'run-3'")).containsExactlyElementsOf(runs(3));
        assertThat(search("attributes.run_name ILIKE 'RUN-%'")).hasSize(5);
        assertThat(search("run_id = '" + r.get(4) + "'")).containsExactlyElementsOf(runs(4));
        assertThat(search("attributes.run_id IN ('" + r.get(0) + "', '" + r.get(3) + "')"))
                .containsExactlyElementsOf(runs(3, 0));
        assertThat(search("user_id = 'u2'")).containsExactlyElementsOf(runs(2));
        assertThat(search("end_time >= 1000")).containsExactlyElementsOf(runs(2, 1));
        assertThat(search("artifact_uri LIKE '%" + r.get(0) + "%'")).containsExactlyElementsOf(runs(0));
    }

    @Test
    void combinesComparisonsWithAnd() {
        assertThat(search("params.model = 'tree' and metrics.acc > 0.6 AND tags.team = 'blue'"))
                .containsExactlyElementsOf(runs(1));
        assertThat(search("metrics.acc > 0.4 and metrics.acc < 0.8")).containsExactlyElementsOf(runs(2, 0));
    }

    @Test
    void ordersByMetricWithMissingValuesLast() {
        assertThat(search(null, "metrics.acc DESC")).containsExactlyElementsOf(runs(1, 2, 0, 3, 4));
        assertThat(search(null, "metrics.acc ASC")).containsExactlyElementsOf(runs(0, 2, 1, 3, 4));
        assertThat(search(null, "metrics.acc")).containsExactlyElementsOf(runs(0, 2, 1, 3, 4));
    }

    @Test
    void pagesOrderedByAMetricMatchTheSinglePageOrderAcrossTheNumberNanAndMissingSegments() {
        // pages of one: the first pages are all runs with a number for the metric, then the page
        // boundary crosses into NaN and missing values; every page must agree with the full order
        for (String order : new String[] {"metrics.acc DESC", "metrics.acc ASC"}) {
            List<String> whole = search(null, order);
            List<String> paged = new ArrayList<>();
            String token = null;
            do {
                RunPage page = tracking.searchRuns(List.of(exp), null, null, 1, List.of(order), token);
                paged.addAll(ids(page));
                token = page.nextPageToken();
            } while (token != null);
            assertThat(paged).as(order).containsExactlyElementsOf(whole);
        }
        // with a filter on another key, as the benchmark searches
        List<String> filtered = search("params.model = 'tree'", "metrics.acc DESC");
        assertThat(filtered).containsExactlyElementsOf(runs(1, 2, 0));
        RunPage first = tracking.searchRuns(List.of(exp), "params.model = 'tree'", null, 2, List.of("metrics.acc DESC"), null);
        assertThat(ids(first)).containsExactlyElementsOf(runs(1, 2));
        RunPage second = tracking.searchRuns(List.of(exp), "params.model = 'tree'", null, 2, List.of("metrics.acc DESC"),
                first.nextPageToken());
        assertThat(ids(second)).containsExactlyElementsOf(runs(0));
    }

    @Test
    void ordersByParamsTagsAndAttributes() {
        // ties fall back to start_time DESC; runs lacking the param or tag come last
        assertThat(search(null, "params.model ASC")).containsExactlyElementsOf(runs(3, 2, 1, 0, 4));
        assertThat(search(null, "tags.team ASC")).containsExactlyElementsOf(runs(1, 0, 4, 3, 2));
        assertThat(search(null, "start_time ASC")).containsExactlyElementsOf(runs(0, 1, 2, 3, 4));
        assertThat(search(null, "attributes.run_name DESC")).containsExactlyElementsOf(runs(4, 3, 2, 1, 0));
        assertThat(search(null, "status ASC", "start_time DESC")).containsExactlyElementsOf(runs(2, 1, 4, 3, 0));
    }

    @Test
    void pagesAcrossPagesWithOpaqueTokens() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            RunPage page = tracking.searchRuns(List.of(exp), null, ViewType.ALL, 2, List.of("start_time ASC"), token);
            assertThat(page.runs().size()).isBetween(1, 2);
            seen.addAll(ids(page));
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        List<String> expected = new ArrayList<>(runs(0, 1, 2, 3, 4));
        expected.add(r5);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
        assertThatThrownBy(() -> tracking.searchRuns(List.of(exp), null, null, 2, null, "garbage!"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("page token");
    }

    @Test
    void viewTypesSelectLifecycleStages() {
        assertThat(ids(tracking.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, null, null, null)))
                .doesNotContain(r5).hasSize(5);
        assertThat(ids(tracking.searchRuns(List.of(exp), null, ViewType.DELETED_ONLY, null, null, null)))
                .containsExactly(r5);
        assertThat(ids(tracking.searchRuns(List.of(exp), null, ViewType.ALL, null, null, null))).hasSize(6).contains(r5);
        assertThat(ids(tracking.searchRuns(List.of(exp), "lifecycle_stage = 'deleted'", ViewType.ALL, null, null, null)))
                .containsExactly(r5);
    }

    @Test
    void searchesSeveralExperiments() {
        assertThat(ids(tracking.searchRuns(List.of(exp, other), "start_time < 150", null, null, null, null)))
                .containsExactly(r.get(0), d0);
        assertThat(ids(tracking.searchRuns(List.of("987654"), null, null, null, null, null))).isEmpty();
    }

    @Test
    void returnsFullRunsWithLatestMetrics() {
        Run run = tracking.searchRuns(List.of(exp), "params.lr = '0.1'", null, null, null, null).runs().get(0);
        assertThat(run.info().runId()).isEqualTo(r.get(0));
        assertThat(run.data().metrics()).containsExactly(new Metric("acc", 0.5, 1, 0));
        assertThat(run.data().params()).containsExactly(new Param("lr", "0.1"), new Param("model", "tree"));
        assertThat(run.data().tags()).contains(new RunTag("team", "red"));
    }

    @Test
    void maxResultsIsBounded() {
        assertThat(tracking.searchRuns(List.of(exp), null, null, 50_000, null, null).runs()).hasSize(5);
        assertThatThrownBy(() -> tracking.searchRuns(List.of(exp), null, null, 50_001, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("50000");
        assertThatThrownBy(() -> tracking.searchRuns(List.of(exp), null, null, 0, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> tracking.searchRuns(List.of(), null, null, null, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void badFiltersAreInvalidParameterValues() {
        assertThatThrownBy(() -> search("metrics.acc LIKE '1'")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("position 1");
        assertThatThrownBy(() -> search("attributes.color = 'red'")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("color");
        assertThatThrownBy(() -> search(null, "metrics.acc SIDEWAYS")).isInstanceOf(GyreException.InvalidArgument.class);
    }
}
