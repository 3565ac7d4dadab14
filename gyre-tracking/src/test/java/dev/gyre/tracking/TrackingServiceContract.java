package dev.gyre.tracking;

import dev.gyre.store.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.tracking.audit.AuditEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link TrackingService} contract; run once per database by the subclasses. */
abstract class TrackingServiceContract {

    @TempDir
    Path tempDir;

    protected Database database;
    protected TrackingService tracking;
    protected final List<AuditEvent> audited = Collections.synchronizedList(new ArrayList<>());
    protected User alice;
    protected MutableClock clock;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        clock = new MutableClock(Instant.parse("2030-01-02T03:04:05Z"));
        tracking = new TrackingService(database, "s3://bucket/mlruns", clock, audited::add);
        alice = new JdbcUserStore(database).create("alice", Role.DATA_SCIENTIST, "hash");
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    protected String newRun() {
        String experiment = tracking.createExperiment("exp-" + System.nanoTime(), null, List.of(), null, alice);
        return tracking.createRun(experiment, "alice", 1000L, "r", List.of()).info().runId();
    }

    private static String repeat(int n) {
        return "v".repeat(n);
    }

    // ------------------------------------------------------------ experiments

    @Test
    void createsExperimentWithDefaultArtifactLocationAndTags() {
        String id = tracking.createExperiment("churn", null, List.of(new ExperimentTag("team", "ml")), null, alice);

        Experiment experiment = tracking.getExperiment(id);
        assertThat(experiment.name()).isEqualTo("churn");
        assertThat(experiment.artifactLocation()).isEqualTo("s3://bucket/mlruns/" + id);
        assertThat(experiment.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(experiment.tags()).containsExactly(new ExperimentTag("team", "ml"));
        assertThat(experiment.creationTime()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z").toEpochMilli());
        assertThat(experiment.projectId()).isNull();
        assertThat(tracking.getExperimentByName("churn")).isEqualTo(experiment);
        assertThat(audited).extracting(AuditEvent::action).contains("experiment.create");
        assertThat(audited.get(0).actorId()).isEqualTo(alice.id());
    }

    @Test
    void keepsAnExplicitArtifactLocation() {
        String id = tracking.createExperiment("e", "file:///data/e", List.of(), null, null);
        assertThat(tracking.getExperiment(id).artifactLocation()).isEqualTo("file:///data/e");
    }

    @Test
    void defaultExperimentIsZeroAndCreatedOnce() {
        Experiment first = tracking.ensureDefaultExperiment();
        Experiment second = tracking.ensureDefaultExperiment();

        assertThat(first.experimentId()).isEqualTo("0");
        assertThat(first.name()).isEqualTo("Default");
        assertThat(second).isEqualTo(first);
        assertThat(tracking.createExperiment("next", null, List.of(), null, null)).isNotEqualTo("0");
        assertThatThrownBy(() -> tracking.deleteExperiment("0")).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void refusesDuplicateExperimentNamesEvenWhenDeleted() {
        String id = tracking.createExperiment("dup", null, List.of(), null, null);
        assertThatThrownBy(() -> tracking.createExperiment("dup", null, List.of(), null, null))
                .isInstanceOf(GyreException.AlreadyExists.class).hasMessageContaining("dup");

        tracking.deleteExperiment(id);
        assertThatThrownBy(() -> tracking.createExperiment("dup", null, List.of(), null, null))
                .isInstanceOf(GyreException.AlreadyExists.class).hasMessageContaining("restore");
    }

    @Test
    void experimentNameLimits() {
        assertThatThrownBy(() -> tracking.createExperiment("", null, List.of(), null, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatCode(() -> tracking.createExperiment("n".repeat(500), null, List.of(), null, null))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> tracking.createExperiment("m".repeat(501), null, List.of(), null, null))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("500");
    }

    @Test
    void experimentTagValueLimitIs5000() {
        String id = tracking.createExperiment("tags", null, List.of(), null, null);
        tracking.setExperimentTag(id, "k", repeat(5000));
        assertThat(tracking.getExperiment(id).tags()).containsExactly(new ExperimentTag("k", repeat(5000)));
        assertThatThrownBy(() -> tracking.setExperimentTag(id, "k", repeat(5001)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("5000");

        tracking.setExperimentTag(id, "k", "new");
        assertThat(tracking.getExperiment(id).tags()).containsExactly(new ExperimentTag("k", "new"));
        tracking.deleteExperimentTag(id, "k");
        assertThat(tracking.getExperiment(id).tags()).isEmpty();
        assertThatThrownBy(() -> tracking.deleteExperimentTag(id, "k")).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void experimentBelongsToAProjectThatMustExist() {
        long projectId = database.jdbi().withHandle(h -> h.createUpdate(
                        "INSERT INTO projects (name, created_at) VALUES ('p', CURRENT_TIMESTAMP)")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        String id = tracking.createExperiment("in-project", null, List.of(), projectId, alice);
        assertThat(tracking.getExperiment(id).projectId()).isEqualTo(projectId);

        assertThatThrownBy(() -> tracking.createExperiment("orphan", null, List.of(), 987654L, alice))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("987654");
    }

    @Test
    void renamesOnlyActiveExperimentsToFreeNames() {
        String a = tracking.createExperiment("a", null, List.of(), null, null);
        tracking.createExperiment("b", null, List.of(), null, null);

        assertThat(tracking.updateExperiment(a, "a2").name()).isEqualTo("a2");
        assertThatThrownBy(() -> tracking.updateExperiment(a, "b")).isInstanceOf(GyreException.AlreadyExists.class);
        tracking.deleteExperiment(a);
        assertThatThrownBy(() -> tracking.updateExperiment(a, "a3")).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void unknownExperimentsAreNotFoundAndMalformedIdsInvalid() {
        assertThatThrownBy(() -> tracking.getExperiment("424242")).isInstanceOf(GyreException.NotFound.class)
                .hasMessageContaining("424242");
        assertThatThrownBy(() -> tracking.getExperiment("abc")).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> tracking.getExperimentByName("nope")).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void deletingAnExperimentDeletesItsRunsAndRestoringBringsThemBack() {
        String exp = tracking.createExperiment("lifecycle", null, List.of(), null, null);
        String kept = tracking.createRun(exp, "u", 1L, "kept", List.of()).info().runId();
        String deletedBefore = tracking.createRun(exp, "u", 2L, "gone", List.of()).info().runId();
        tracking.deleteRun(deletedBefore);
        clock.advance(Duration.ofSeconds(1));

        tracking.deleteExperiment(exp);
        assertThat(tracking.getExperiment(exp).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(tracking.getRun(kept).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThatThrownBy(() -> tracking.createRun(exp, "u", null, null, List.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("active");

        tracking.restoreExperiment(exp);
        assertThat(tracking.getExperiment(exp).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(tracking.getRun(kept).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(tracking.getRun(deletedBefore).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(audited).extracting(AuditEvent::action)
                .contains("run.delete", "experiment.delete", "experiment.restore");
    }

    @Test
    void metricHistoryOfUnknownRunIsNotFound() {
        assertThatThrownBy(() -> tracking.getMetricHistory("0123456789abcdef0123456789abcdef", "m", null, null))
                .isInstanceOf(GyreException.NotFound.class);
        String run = newRun();
        assertThatThrownBy(() -> tracking.getMetricHistory(run, "m", 100_001, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void searchesExperimentsByNameAndTagsWithPaging() {
        for (int i = 0; i < 5; i++) {
            tracking.createExperiment("search-" + i, null, List.of(new ExperimentTag("parity", i % 2 == 0 ? "even" : "odd")),
                    null, null);
        }
        String other = tracking.createExperiment("other", null, List.of(), null, null);
        tracking.deleteExperiment(other);

        ExperimentPage like = tracking.searchExperiments("name LIKE 'search-%'", List.of("name ASC"), 2, null, null);
        assertThat(like.experiments()).extracting(Experiment::name).containsExactly("search-0", "search-1");
        ExperimentPage second = tracking.searchExperiments("name LIKE 'search-%'", List.of("name ASC"), 2,
                like.nextPageToken(), null);
        assertThat(second.experiments()).extracting(Experiment::name).containsExactly("search-2", "search-3");
        ExperimentPage third = tracking.searchExperiments("name LIKE 'search-%'", List.of("name ASC"), 2,
                second.nextPageToken(), null);
        assertThat(third.experiments()).extracting(Experiment::name).containsExactly("search-4");
        assertThat(third.nextPageToken()).isNull();

        assertThat(tracking.searchExperiments("tags.parity = 'odd'", List.of("name DESC"), null, null, null)
                .experiments()).extracting(Experiment::name).containsExactly("search-3", "search-1");
        assertThat(tracking.searchExperiments("attributes.name ILIKE 'OTHER'", null, null, null, ViewType.ALL)
                .experiments()).extracting(Experiment::name).containsExactly("other");
        assertThat(tracking.searchExperiments("name = 'other'", null, null, null, ViewType.ACTIVE_ONLY)
                .experiments()).isEmpty();
        assertThat(tracking.searchExperiments(null, null, null, null, ViewType.DELETED_ONLY).experiments())
                .extracting(Experiment::name).containsExactly("other");
        assertThatThrownBy(() -> tracking.searchExperiments("metrics.a > 1", null, null, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    // ------------------------------------------------------------ runs

    @Test
    void createsRunWithMlflowShape() {
        String exp = tracking.createExperiment("runs", null, List.of(), null, null);
        Run run = tracking.createRun(exp, "alice", 1234L, "first", List.of(new RunTag(RunTag.USER, "alice")));

        RunInfo info = run.info();
        assertThat(info.runId()).matches("[0-9a-f]{32}").isEqualTo(info.runUuid());
        assertThat(info.experimentId()).isEqualTo(exp);
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.startTime()).isEqualTo(1234L);
        assertThat(info.endTime()).isNull();
        assertThat(info.runName()).isEqualTo("first");
        assertThat(info.artifactUri()).isEqualTo("s3://bucket/mlruns/" + exp + "/" + info.runId() + "/artifacts");
        assertThat(run.data().tags()).containsExactly(new RunTag(RunTag.RUN_NAME, "first"), new RunTag(RunTag.USER, "alice"));
        assertThat(tracking.getRun(info.runId())).isEqualTo(run);
    }

    @Test
    void runNameComesFromTheTagOrIsGenerated() {
        String exp = tracking.createExperiment("names", null, List.of(), null, null);
        assertThat(tracking.createRun(exp, null, null, null, List.of(new RunTag(RunTag.RUN_NAME, "from-tag")))
                .info().runName()).isEqualTo("from-tag");
        assertThat(tracking.createRun(exp, null, null, null, List.of()).info().runName()).matches("[a-z]+-[a-z]+-\\d+");
        assertThatThrownBy(() -> tracking.createRun(exp, null, null, "x", List.of(new RunTag(RunTag.RUN_NAME, "y"))))
                .isInstanceOf(GyreException.InvalidArgument.class);

        String run = tracking.createRun(exp, null, null, "before", List.of()).info().runId();
        tracking.setTag(run, RunTag.RUN_NAME, "renamed-by-tag");
        assertThat(tracking.getRun(run).info().runName()).isEqualTo("renamed-by-tag");
        tracking.updateRun(run, null, null, "renamed");
        assertThat(tracking.getRun(run).data().tags()).contains(new RunTag(RunTag.RUN_NAME, "renamed"));
    }

    @Test
    void updatesStatusAndEndTime() {
        String run = newRun();
        RunInfo info = tracking.updateRun(run, RunStatus.FINISHED, 5000L, null);
        assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.endTime()).isEqualTo(5000L);
        assertThat(info.runName()).isEqualTo("r");
        // MLflow lets finished runs take more data
        tracking.logMetric(run, "late", 1.0, 6000L, 0L);
        assertThat(tracking.getRun(run).data().metrics()).extracting(Metric::key).containsExactly("late");
    }

    @Test
    void deletedRunsRefuseWritesUntilRestored() {
        String run = newRun();
        tracking.deleteRun(run);
        tracking.deleteRun(run);
        assertThat(tracking.getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThatThrownBy(() -> tracking.logParam(run, "a", "1"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("active");
        assertThatThrownBy(() -> tracking.logMetric(run, "m", 1, 1, 1))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> tracking.updateRun(run, RunStatus.FAILED, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class);

        tracking.restoreRun(run);
        tracking.logParam(run, "a", "1");
        assertThat(tracking.getRun(run).data().params()).containsExactly(new Param("a", "1"));
    }

    @Test
    void unknownAndMalformedRunIds() {
        assertThatThrownBy(() -> tracking.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOf(GyreException.NotFound.class);
        assertThatThrownBy(() -> tracking.getRun("../etc")).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> tracking.getRun("_x")).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> tracking.logParam("0123456789abcdef0123456789abcdef", "a", "b"))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void paramsAreWriteOnce() {
        String run = newRun();
        tracking.logParam(run, "lr", "0.1");
        tracking.logParam(run, "lr", "0.1");
        assertThatThrownBy(() -> tracking.logParam(run, "lr", "0.2"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("'0.1'").hasMessageContaining("'0.2'");
        assertThat(tracking.getRun(run).data().params()).containsExactly(new Param("lr", "0.1"));
    }

    @Test
    void logBatchIsAllOrNothing() {
        String run = newRun();
        tracking.logParam(run, "p", "old");
        assertThatThrownBy(() -> tracking.logBatch(run, List.of(new Metric("m", 1, 1, 0)),
                List.of(new Param("q", "1"), new Param("p", "new")), List.of(new RunTag("t", "v"))))
                .isInstanceOf(GyreException.InvalidArgument.class);

        Run after = tracking.getRun(run);
        assertThat(after.data().metrics()).isEmpty();
        assertThat(after.data().params()).containsExactly(new Param("p", "old"));
        assertThat(after.data().tags()).extracting(RunTag::key).doesNotContain("t");
    }

    @Test
    void tagsLastWriteWinsAndCanBeDeleted() {
        String run = newRun();
        tracking.setTag(run, "t", "1");
        tracking.logBatch(run, List.of(), List.of(), List.of(new RunTag("t", "2"), new RunTag("t", "3")));
        assertThat(tracking.getRun(run).data().tags()).contains(new RunTag("t", "3"));
        tracking.deleteTag(run, "t");
        assertThat(tracking.getRun(run).data().tags()).extracting(RunTag::key).doesNotContain("t");
        assertThatThrownBy(() -> tracking.deleteTag(run, "t")).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void batchLimitsAreMlflows() {
        String run = newRun();
        assertThatCode(() -> tracking.logBatch(run, metrics(1000), List.of(), List.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> tracking.logBatch(run, metrics(1001), List.of(), List.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("1000 metrics");
        assertThatCode(() -> tracking.logBatch(run, List.of(), params(100), List.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> tracking.logBatch(run, List.of(), params(101), List.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("100 params");
        assertThatCode(() -> tracking.logBatch(run, List.of(), List.of(), tags(100))).doesNotThrowAnyException();
        assertThatThrownBy(() -> tracking.logBatch(run, List.of(), List.of(), tags(101)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("100 tags");
        String other = newRun();
        assertThatCode(() -> tracking.logBatch(other, metrics(900), params(50), tags(50))).doesNotThrowAnyException();
        assertThatThrownBy(() -> tracking.logBatch(other, metrics(900), params(51), tags(50)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("1000 total");
    }

    @Test
    void keyAndValueLengthLimits() {
        String run = newRun();
        tracking.logParam(run, "k".repeat(250), "x");
        assertThatThrownBy(() -> tracking.logParam(run, "k".repeat(251), "x"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("250");
        tracking.logParam(run, "long", repeat(6000));
        assertThatThrownBy(() -> tracking.logParam(run, "longer", repeat(6001)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("6000");
        tracking.setTag(run, "tag", repeat(8000));
        assertThatThrownBy(() -> tracking.setTag(run, "tag", repeat(8001)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("8000");
        tracking.logMetric(run, "m".repeat(250), 1, 1, 1);
        assertThatThrownBy(() -> tracking.logMetric(run, "m".repeat(251), 1, 1, 1))
                .isInstanceOf(GyreException.InvalidArgument.class);
        Run stored = tracking.getRun(run);
        assertThat(stored.data().params()).contains(new Param("long", repeat(6000)));
        assertThat(stored.data().tags()).contains(new RunTag("tag", repeat(8000)));
    }

    @Test
    void keysMustNotNormaliseToAnotherPath() {
        String run = newRun();
        for (String bad : List.of("../x", "a/../b", "/abs", "./a", "a//b", "a/", ".", "..", "a/./b", "")) {
            assertThatThrownBy(() -> tracking.logParam(run, bad, "v")).as(bad)
                    .isInstanceOf(GyreException.InvalidArgument.class);
        }
        assertThatThrownBy(() -> tracking.logMetric(run, "bad$key", 1, 1, 1))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("alphanumerics");
        tracking.logParam(run, "nested/ok.key-1 with space", "v");
    }

    @Test
    void nanAndInfinityMetricsRoundTrip() {
        String run = newRun();
        tracking.logBatch(run, List.of(new Metric("nan", Double.NaN, 1, 0), new Metric("inf", Double.POSITIVE_INFINITY, 1, 0),
                new Metric("neg", Double.NEGATIVE_INFINITY, 1, 0)), List.of(), List.of());

        assertThat(tracking.getRun(run).data().metrics()).containsExactly(
                new Metric("inf", Double.POSITIVE_INFINITY, 1, 0), new Metric("nan", Double.NaN, 1, 0),
                new Metric("neg", Double.NEGATIVE_INFINITY, 1, 0));
        assertThat(tracking.getMetricHistory(run, "nan", null, null).metrics())
                .containsExactly(new Metric("nan", Double.NaN, 1, 0));
    }

    @Test
    void latestMetricIsAtMaxStepThenMaxTimestamp() {
        String run = newRun();
        tracking.logMetric(run, "loss", 0.9, 100, 5);
        tracking.logMetric(run, "loss", 0.5, 50, 7);   // higher step wins over later timestamp
        tracking.logMetric(run, "loss", 0.8, 999, 6);  // lower step: not latest
        assertThat(tracking.getRun(run).data().metrics()).containsExactly(new Metric("loss", 0.5, 50, 7));
        tracking.logMetric(run, "loss", 0.4, 60, 7);   // same step, later timestamp wins
        assertThat(tracking.getRun(run).data().metrics()).containsExactly(new Metric("loss", 0.4, 60, 7));
        tracking.logMetric(run, "loss", 0.1, 59, 7);   // same step, earlier timestamp loses
        assertThat(tracking.getRun(run).data().metrics()).containsExactly(new Metric("loss", 0.4, 60, 7));
        assertThat(tracking.getMetricHistory(run, "loss", null, null).metrics()).hasSize(5);
    }

    @Test
    void identicalMetricPointsCollapse() {
        String run = newRun();
        tracking.logBatch(run, List.of(new Metric("m", 1, 1, 1), new Metric("m", 1, 1, 1)), List.of(), List.of());
        tracking.logMetric(run, "m", 1, 1, 1);
        tracking.logMetric(run, "m", 2, 1, 1);
        assertThat(tracking.getMetricHistory(run, "m", null, null).metrics())
                .containsExactly(new Metric("m", 1, 1, 1), new Metric("m", 2, 1, 1));
    }

    @Test
    void metricHistoryPagesInStepThenTimestampOrder() {
        String run = newRun();
        List<Metric> points = new ArrayList<>();
        for (int step = 9; step >= 0; step--) {
            points.add(new Metric("acc", step / 10.0, 2000 - step, step));
            points.add(new Metric("acc", step / 10.0 + 0.01, 1000 - step, step));
        }
        tracking.logBatch(run, points, List.of(), List.of());

        List<Metric> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            MetricHistoryPage page = tracking.getMetricHistory(run, "acc", 3, token);
            all.addAll(page.metrics());
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(7);
        assertThat(all).hasSize(20);
        for (int i = 1; i < all.size(); i++) {
            Metric a = all.get(i - 1);
            Metric b = all.get(i);
            assertThat(a.step() < b.step() || (a.step() == b.step() && a.timestamp() < b.timestamp())).isTrue();
        }
        assertThatThrownBy(() -> tracking.getMetricHistory(run, "acc", 3, "not-a-token"))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThat(tracking.getMetricHistory(run, "missing", null, null).metrics()).isEmpty();
    }

    @Test
    void pagesThroughALargeHistoryWithoutLoadingItAll() {
        String run = newRun();
        int total = 200_000;
        // seeded with plain JDBC batches (200 log-batch calls would only slow the test down); the last
        // point goes through the service so that it also becomes the latest value
        for (int from = 0; from < total - 1; from += 20_000) {
            int first = from;
            database.jdbi().useTransaction(h -> {
                PreparedBatch batch = h.prepareBatch("INSERT INTO metrics (run_uuid, metric_key, step, timestamp_ms,"
                        + " is_nan, metric_value) VALUES (:run, 'big', :step, :ts, FALSE, :value)");
                for (int i = first; i < Math.min(total - 1, first + 20_000); i++) {
                    batch.bind("run", run).bind("step", (long) i).bind("ts", 1_000_000L + i).bind("value", i * 0.5).add();
                }
                batch.execute();
            });
        }
        tracking.logMetric(run, "big", (total - 1) * 0.5, 1_000_000L + total - 1, total - 1);
        String token = null;
        long expectedStep = 0;
        int pages = 0;
        do {
            MetricHistoryPage page = tracking.getMetricHistory(run, "big", 25_000, token);
            assertThat(page.metrics()).hasSize(25_000);
            assertThat(page.metrics().get(0).step()).isEqualTo(expectedStep);
            assertThat(page.metrics().get(24_999).step()).isEqualTo(expectedStep + 24_999);
            expectedStep += 25_000;
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(8);
        assertThat(expectedStep).isEqualTo(total);
        assertThat(tracking.getRun(run).data().metrics()).containsExactly(
                new Metric("big", (total - 1) * 0.5, 1_000_000L + total - 1, total - 1));
    }

    @Test
    void concurrentLogBatchesToOneRunAllLand() throws Exception {
        String run = newRun();
        int threads = 8;
        int batchesPerThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<Metric> metrics = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            int step = (thread * batchesPerThread + b) * 20 + i;
                            metrics.add(new Metric("shared", step, step, step));
                        }
                        tracking.logBatch(run, metrics, List.of(new Param("p" + thread + "_" + b, "v"),
                                new Param("common", "same")), List.of(new RunTag("last", "t" + thread)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int points = threads * batchesPerThread * 20;
        assertThat(tracking.getMetricHistory(run, "shared", null, null).metrics()).hasSize(points);
        Run stored = tracking.getRun(run);
        assertThat(stored.data().metrics()).containsExactly(new Metric("shared", points - 1, points - 1, points - 1));
        assertThat(stored.data().params()).hasSize(threads * batchesPerThread + 1);
    }

    @Test
    void logsDatasetInputsOncePerRun() {
        String run = newRun();
        Dataset dataset = new Dataset("iris", "abc123", "local", "{\"uri\":\"file:///iris.csv\"}", "{\"cols\":[]}", null);
        DatasetInput input = new DatasetInput(List.of(new InputTag(InputTag.CONTEXT, "training")), dataset);
        tracking.logInputs(run, List.of(input));
        tracking.logInputs(run, List.of(input));

        assertThat(tracking.getRun(run).inputs().datasetInputs()).containsExactly(input);
        assertThatThrownBy(() -> tracking.logInputs(run, List.of(new DatasetInput(List.of(),
                new Dataset("x", "d".repeat(37), "local", "s", null, null)))))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    private static List<Metric> metrics(int n) {
        List<Metric> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Metric("m" + (i % 7), i, i, i));
        }
        return list;
    }

    private static List<Param> params(int n) {
        List<Param> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Param("p" + i, "v"));
        }
        return list;
    }

    private static List<RunTag> tags(int n) {
        List<RunTag> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new RunTag("t" + i, "v"));
        }
        return list;
    }
}
