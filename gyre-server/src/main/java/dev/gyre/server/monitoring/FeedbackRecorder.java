package dev.gyre.server.monitoring;

import dev.gyre.serving.log.PredictionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the prediction log's primary records to {@link FeedbackStore#recordPredictions}: as a prediction-log
 * listener it only buffers (the log's writer thread must stay quick); a background thread writes the buffer every
 * interval, and {@link #close} writes what is left.
 *
 * <p>The buffer is bounded: a record arriving when it is full is dropped and counted ({@link #dropped()}); its
 * feedback will then be reported unmatched. A failed write keeps its records for the next attempt, as many as the
 * bound allows. Thread-safe.
 */
public final class FeedbackRecorder implements Consumer<PredictionRecord>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackRecorder.class);

    private final FeedbackStore store;
    private final int capacity;
    private final Object lock = new Object();
    private final ScheduledExecutorService scheduler;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private List<PredictionRecord> buffer = new ArrayList<>();
    private boolean closed;

    /**
     * Starts writing every {@code interval}.
     *
     * @param capacity the most records buffered, at least 1
     */
    public FeedbackRecorder(FeedbackStore store, int capacity, Duration interval) {
        this.store = Objects.requireNonNull(store, "store");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gyre-feedback-recorder");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Buffers a primary record (shadow records are not kept); never blocks on the store. */
    @Override
    public void accept(PredictionRecord record) {
        if (record.shadow()) {
            return;
        }
        synchronized (lock) {
            if (closed || buffer.size() >= capacity) {
                dropped.incrementAndGet();
                return;
            }
            buffer.add(record);
        }
    }

    /**
     * Writes the buffered records now; a failure is logged and the records are kept for the next attempt.
     *
     * @return whether the write succeeded (or there was nothing to write)
     */
    public boolean flush() {
        List<PredictionRecord> batch;
        synchronized (lock) {
            if (buffer.isEmpty()) {
                return true;
            }
            batch = buffer;
            buffer = new ArrayList<>();
        }
        try {
            store.recordPredictions(batch);
            return true;
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            LOG.warn("Recording {} predictions for feedback failed (retried): {}", batch.size(), e.toString());
            synchronized (lock) {
                List<PredictionRecord> retry = new ArrayList<>(batch.subList(0, Math.min(batch.size(), capacity)));
                for (PredictionRecord r : buffer) {
                    if (retry.size() < capacity) {
                        retry.add(r);
                    }
                }
                dropped.addAndGet(batch.size() + buffer.size() - (long) retry.size());
                buffer = retry;
            }
            return false;
        }
    }

    /** Records dropped because the buffer was full (or the recorder closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Writes that failed (their records were kept for the next attempt while the buffer had room). */
    public long failedWrites() {
        return failedWrites.get();
    }

    /** Records waiting to be written. */
    public int buffered() {
        synchronized (lock) {
            return buffer.size();
        }
    }

    /** Stops the background writes and writes what is buffered once more. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        synchronized (lock) {
            closed = true;
            dropped.addAndGet(buffer.size());
            buffer = new ArrayList<>();
        }
    }
}
