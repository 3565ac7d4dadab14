package dev.gyre.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.store.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feedback store's contract, run on H2 and on PostgreSQL. */
abstract class FeedbackStoreContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path tempDir;
    Database database;
    FeedbackStore store;

    protected abstract Database open(Path tempDir);

    @BeforeEach
    void openStore() {
        database = open(tempDir);
        store = new FeedbackStore(database, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void closeStore() {
        if (database != null) {
            database.close();
        }
    }

    static PredictionRecord classified(String deployment, String id, String version, long minute, double p1) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        probabilities.put("0", 1 - p1);
        probabilities.put("1", p1);
        return PredictionRecord.of(id, deployment, "titanic", version, T0.plusSeconds(60 * minute).toEpochMilli(),
                Map.of("Fare", 7.25), PredictionRecord.Output.classification(p1 >= 0.5 ? "1" : "0", probabilities), 10);
    }

    static PredictionRecord regressed(String deployment, String id, long minute, double value) {
        return PredictionRecord.of(id, deployment, "prices", "2", T0.plusSeconds(60 * minute).toEpochMilli(),
                Map.of("rooms", 3L), PredictionRecord.Output.regression(value), 10);
    }

    static PredictionRecord shadowOf(PredictionRecord r) {
        return new PredictionRecord(r.requestId(), r.deployment(), r.modelName(), "9", r.timestampMs(), r.inputs(),
                r.output(), 0, null, null, true);
    }

    static FeedbackItem item(String id, Object label) {
        return new FeedbackItem(id, label);
    }

    Instant end() {
        return T0.plusSeconds(3600 * 24);
    }

    @Test
    void recordsEachPrimaryPredictionOnceAndLeavesShadowsOut() {
        PredictionRecord a = classified("titanic", "r-1", "1", 0, 0.9);
        PredictionRecord b = classified("titanic", "r-2", "1", 1, 0.2);
        store.recordPredictions(List.of(a, b, shadowOf(a), a));
        // the same ids again (a later record for the same id does not replace the first)
        store.recordPredictions(List.of(classified("titanic", "r-1", "2", 5, 0.1), b,
                shadowOf(classified("titanic", "r-3", "1", 2, 0.5))));
        store.recordPredictions(List.of());

        assertThat(store.joined("titanic", null, T0, end()).logged()).isEqualTo(2);
        assertThat(store.submit("titanic", List.of(item("r-1", "1"), item("r-3", "1")), "ana").unmatched())
                .as("a shadow's request id has no primary prediction").containsExactly("r-3");
        FeedbackStore.LabeledPrediction first = store.joined("titanic", null, T0, end()).pairs().get(0);
        assertThat(first.version()).isEqualTo("1");
        assertThat(first.predictedClass()).isEqualTo("1");
        assertThat(first.probabilities()).containsExactly(Map.entry("0", 1 - 0.9), Map.entry("1", 0.9));
        assertThat(first.predictedAt()).isEqualTo(T0);
    }

    @Test
    void storesLabelsReportsUnmatchedAndConflictsAndIsIdempotent() {
        store.recordPredictions(List.of(classified("titanic", "r-1", "1", 0, 0.9), classified("titanic", "r-2", "1", 1,
                0.2), classified("titanic", "r-3", "1", 2, 0.7), classified("other", "r-4", "1", 2, 0.7)));

        FeedbackResult first = store.submit("titanic", List.of(item("r-1", "1"), item("r-2", 1L), item("nope", "0"),
                item("r-4", "1")), "ana");
        assertThat(first).isEqualTo(new FeedbackResult(2, 0, List.of("nope", "r-4"), List.of()));

        FeedbackResult again = store.submit("titanic", List.of(item("r-1", "1"), item("r-2", 1.0), item("r-3", "0"), item("r-2", "1")), "bob");
        assertThat(again).as("the same labels again are duplicates; an id repeated with its label counts once")
                .isEqualTo(new FeedbackResult(1, 2, List.of(), List.of()));

        FeedbackResult conflict = store.submit("titanic", List.of(item("r-1", "0")), "bob");
        assertThat(conflict).isEqualTo(new FeedbackResult(0, 0, List.of(), List.of("r-1")));

        FeedbackStore.Joined joined = store.joined("titanic", null, T0, end());
        assertThat(joined.logged()).isEqualTo(3);
        assertThat(joined.withFeedback()).isEqualTo(3);
        assertThat(joined.pairs()).extracting(FeedbackStore.LabeledPrediction::requestId)
                .containsExactly("r-1", "r-2", "r-3");
        assertThat(joined.trueClasses()).as("the conflicting label did not replace the first").containsExactly("1",
                "1", "0");
        assertThat(joined.predictedClasses()).containsExactly("1", "0", "1");
        assertThat(joined.probabilities().get(1)).containsEntry("1", 0.2);
        assertThat(joined.regression()).isEmpty();
        assertThat(store.joined("other", null, T0, end()).withFeedback()).isZero();
    }

    @Test
    void aLabelOfTheWrongTypeRefusesTheWholeCallNamingEachBadItem() {
        store.recordPredictions(List.of(classified("titanic", "r-1", "1", 0, 0.9), classified("titanic", "r-2", "1", 1,
                0.2), regressed("titanic", "r-3", 2, 10.5)));
        List<FeedbackItem> items = List.of(item("r-1", "1"), item("r-2", "survived"), item("unknown", "x"),
                item("r-3", "10.5"), item("r-1", 2L));

        assertThatThrownBy(() -> store.submit("titanic", items, "ana"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Nothing was stored: 3 of the 5")
                .hasMessageContaining("item 1 (request id 'r-2')").hasMessageContaining("send one of [\"0\", \"1\"]")
                .hasMessageContaining("item 3 (request id 'r-3')").hasMessageContaining("must be a finite number")
                .hasMessageContaining("item 4 (request id 'r-1')")
                .hasMessageNotContaining("item 0").hasMessageNotContaining("unknown");
        assertThat(store.joined("titanic", null, T0, end()).withFeedback()).as("nothing was stored").isZero();

        assertThatThrownBy(() -> store.submit("titanic", List.of(item("r-1", "1"), item("r-1", "0")), "ana"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("items 0 and 1 give request id 'r-1' different labels");
        assertThatThrownBy(() -> store.submit("titanic", List.of(item("u", "a"), item("u", "b")), "ana"))
                .as("unmatched ids too").hasMessageContaining("different labels");
        assertThat(store.joined("titanic", null, T0, end()).withFeedback()).isZero();
        assertThatThrownBy(() -> item("r-1", null)).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> item(" ", "1")).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> item("r-1", List.of("1"))).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void regressionLabelsAreNumbersJoinedToTheirValues() {
        store.recordPredictions(List.of(regressed("prices", "p-1", 0, 10.5), regressed("prices", "p-2", 1, 20),
                regressed("prices", "p-3", 2, -3.25)));
        assertThat(store.submit("prices", List.of(item("p-1", 11L), item("p-2", 19.5), item("p-3",
                new java.math.BigDecimal("-3.0"))), "ana")).isEqualTo(new FeedbackResult(3, 0, List.of(), List.of()));
        assertThat(store.submit("prices", List.of(item("p-1", 11.0)), "ana").duplicates()).isEqualTo(1);
        assertThatThrownBy(() -> store.submit("prices", List.of(item("p-1", true)), "ana"))
                .hasMessageContaining("item 0 (request id 'p-1')").hasMessageContaining("finite number");
        assertThatThrownBy(() -> store.submit("prices", List.of(item("p-2", Double.NaN)), "ana"))
                .hasMessageContaining("finite number");

        FeedbackStore.Joined joined = store.joined("prices", "2", T0, end());
        assertThat(joined.classification()).isEmpty();
        assertThat(joined.predictedValues()).containsExactly(10.5, 20, -3.25);
        assertThat(joined.trueValues()).containsExactly(11, 19.5, -3.0);
        assertThat(joined.pairs().get(0).probabilities()).isEmpty();
        assertThat(joined.pairs().get(0).predictedClass()).isNull();
    }

    @Test
    void joinedTakesTheWindowFromInclusiveToExclusiveAndOneVersion() {
        List<PredictionRecord> records = new ArrayList<>();
        for (int minute = 0; minute < 10; minute++) {
            records.add(classified("titanic", "r-" + minute, minute < 5 ? "1" : "2", minute, minute % 2 == 0 ? 0.8 : 0.3));
        }
        store.recordPredictions(records);
        List<FeedbackItem> items = IntStream.range(0, 10).filter(m -> m != 3)
                .mapToObj(m -> item("r-" + m, m % 3 == 0 ? "1" : "0")).toList();
        assertThat(store.submit("titanic", items, "ana").accepted()).isEqualTo(9);

        FeedbackStore.Joined window = store.joined("titanic", null, T0.plusSeconds(120), T0.plusSeconds(420));
        assertThat(window.logged()).isEqualTo(5);
        assertThat(window.pairs()).extracting(FeedbackStore.LabeledPrediction::requestId)
                .containsExactly("r-2", "r-4", "r-5", "r-6");
        FeedbackStore.Joined v2 = store.joined("titanic", "2", T0, end());
        assertThat(v2.logged()).isEqualTo(5);
        assertThat(v2.version()).isEqualTo("2");
        assertThat(v2.pairs()).allSatisfy(p -> assertThat(p.version()).isEqualTo("2")).hasSize(5);
        assertThat(store.joined("titanic", "3", T0, end()).logged()).isZero();
    }

    @Test
    void refusesEmptyAndOversizedCalls() {
        assertThatThrownBy(() -> store.submit("titanic", List.of(), "ana")).hasMessageContaining("at least one");
        List<FeedbackItem> many = IntStream.range(0, FeedbackStore.MAX_BATCH + 1).mapToObj(i -> item("r-" + i, "1"))
                .toList();
        assertThatThrownBy(() -> store.submit("titanic", many, "ana")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("at most 10000").hasMessageContaining("Split it");
    }

    @Test
    void deleteBeforeRemovesOldPredictionsWithTheirLabels() {
        store.recordPredictions(List.of(classified("titanic", "old", "1", 0, 0.9), classified("titanic", "new", "1", 60,
                0.9)));
        store.submit("titanic", List.of(item("old", "1"), item("new", "1")), "ana");
        assertThat(store.deleteBefore(T0.plusSeconds(1800))).isEqualTo(1);
        FeedbackStore.Joined joined = store.joined("titanic", null, T0, end());
        assertThat(joined.logged()).isEqualTo(1);
        assertThat(joined.pairs()).extracting(FeedbackStore.LabeledPrediction::requestId).containsExactly("new");
        assertThat(store.submit("titanic", List.of(item("old", "1")), "ana").unmatched()).containsExactly("old");
    }

    @Test
    void thousandsOfPredictionsAndLabelsInOneCallEach() {
        Random random = new Random(20260301L);
        List<PredictionRecord> records = new ArrayList<>();
        List<FeedbackItem> items = new ArrayList<>();
        int agree = 0;
        for (int i = 0; i < 5000; i++) {
            PredictionRecord r = classified("titanic", "bulk-" + i, "1", random.nextInt(600), random.nextDouble());
            records.add(r);
            String label = random.nextBoolean() ? "1" : "0";
            if (i % 2 == 0) {
                items.add(item(r.requestId(), label));
                agree += label.equals(r.output().predictedClass()) ? 1 : 0;
            }
        }
        store.recordPredictions(records);
        store.recordPredictions(records.subList(0, 3000));
        assertThat(store.submit("titanic", items, "ana")).isEqualTo(new FeedbackResult(2500, 0, List.of(), List.of()));
        assertThat(store.submit("titanic", items, "ana").duplicates()).isEqualTo(2500);

        FeedbackStore.Joined joined = store.joined("titanic", null, T0, end());
        assertThat(joined.logged()).isEqualTo(5000);
        assertThat(joined.withFeedback()).isEqualTo(2500);
        String[] predicted = joined.predictedClasses();
        String[] truth = joined.trueClasses();
        int same = 0;
        for (int i = 0; i < predicted.length; i++) {
            same += predicted[i].equals(truth[i]) ? 1 : 0;
        }
        assertThat(same).isEqualTo(agree);
        for (int i = 1; i < joined.pairs().size(); i++) {
            assertThat(joined.pairs().get(i).predictedAt()).isAfterOrEqualTo(joined.pairs().get(i - 1).predictedAt());
        }
    }
}
