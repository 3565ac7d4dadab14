package dev.gyre.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded buffer between the prediction log and the feedback store. */
class FeedbackRecorderTest {

    @TempDir
    Path tempDir;

    /** A recorder whose own schedule never fires during a test: writes happen on flush and close. */
    static FeedbackRecorder recorder(FeedbackStore store, int capacity) {
        return new FeedbackRecorder(store, capacity, Duration.ofHours(1));
    }

    static long logged(FeedbackStore store) {
        return store.joined("titanic", null, Instant.EPOCH, FeedbackStoreContract.T0.plusSeconds(86_400)).logged();
    }

    @Test
    void buffersPrimaryRecordsUpToItsBoundAndCountsTheRest() {
        try (Database database = Databases.h2(tempDir)) {
            FeedbackStore store = new FeedbackStore(database, Clock.systemUTC());
            FeedbackRecorder recorder = recorder(store, 3);
            for (int i = 0; i < 5; i++) {
                recorder.accept(FeedbackStoreContract.classified("titanic", "r-" + i, "1", i, 0.6));
            }
            recorder.accept(FeedbackStoreContract.shadowOf(FeedbackStoreContract.classified("titanic", "s", "1", 0,
                    0.6)));
            assertThat(recorder.buffered()).isEqualTo(3);
            assertThat(recorder.dropped()).isEqualTo(2);
            assertThat(logged(store)).isZero();

            assertThat(recorder.flush()).isTrue();
            assertThat(recorder.buffered()).isZero();
            assertThat(logged(store)).isEqualTo(3);

            recorder.accept(FeedbackStoreContract.classified("titanic", "r-9", "1", 9, 0.6));
            recorder.close();
            assertThat(logged(store)).as("close writes what is buffered").isEqualTo(4);
            recorder.accept(FeedbackStoreContract.classified("titanic", "r-10", "1", 10, 0.6));
            assertThat(recorder.dropped()).as("after close records are dropped").isEqualTo(3);
        }
    }

    @Test
    void aFailedWriteKeepsItsRecordsForTheNextAttempt() {
        Database closed = Databases.h2(tempDir);
        closed.close();
        FeedbackRecorder recorder = recorder(new FeedbackStore(closed, Clock.systemUTC()), 10);
        List.of("a", "b").forEach(id -> recorder.accept(FeedbackStoreContract.classified("titanic", id, "1", 0, 0.6)));
        assertThat(recorder.flush()).isFalse();
        assertThat(recorder.failedWrites()).isEqualTo(1);
        assertThat(recorder.buffered()).isEqualTo(2);
        assertThat(recorder.dropped()).isZero();
        recorder.close();
        assertThat(recorder.dropped()).as("what the last write could not store is counted").isEqualTo(2);
    }
}
