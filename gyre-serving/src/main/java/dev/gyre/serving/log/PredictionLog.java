package dev.gyre.serving.log;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The prediction log: the request path {@link #offer offers} records, a single background thread appends them
 * to segment files, one open segment per deployment.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #offer} never blocks and never throws for a valid record: a record is sampled out (by
 *       {@link RequestSampler}), queued, or dropped when the bounded queue is full or the log is closed. Every
 *       outcome is counted.</li>
 *   <li>Segments live under {@code <directory>/<deployment>/<yyyyMMddHH>-<seq>.jsonl}: JSON lines, UTF-8, one
 *       record per newline-terminated line. A record's hour (UTC) is the later of its timestamp's hour and the
 *       clock's hour, but at most the hour after the clock's; a segment is rolled when a record's hour is later
 *       than the segment's, when the clock enters a later hour, or when the next line would take it past
 *       {@code maxSegmentBytes}. A late record goes into the open segment, so a segment may hold records from
 *       before its hour; only a record stamped more than an hour ahead of the clock lands in an earlier
 *       hour's segment.</li>
 *   <li>The writer flushes at least every {@code flushInterval}; a record counts as written once flushed. A
 *       failed write counts its unflushed records as write errors, closes the segment, and the next record opens
 *       a new one.</li>
 *   <li>{@link #close} drains and writes everything queued, then closes every segment. After {@link #close}
 *       returns, {@code offered = sampledOut + dropped + written + writeErrors} exactly.</li>
 * </ul>
 */
public final class PredictionLog implements AutoCloseable {
    private final Options options;
    private final ArrayBlockingQueue<PredictionRecord> queue;
    private final SegmentWriter writer;
    private final Thread thread;
    private final LongAdder offered = new LongAdder();
    private final LongAdder sampledOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private final java.util.List<java.util.function.Consumer<PredictionRecord>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LongAdder listenerErrors = new LongAdder();
    private volatile boolean closed;
    private volatile CompletableFuture<Void> flushRequest;

    /**
     * The log's settings.
     *
     * @param directory       the root directory; one sub-directory per deployment
     * @param queueCapacity   the bounded queue's capacity, at least 1
     * @param sampleRate      the share of requests logged, in [0, 1]
     * @param maxSegmentBytes the size a segment is rolled at, at least 1 (a longer single line gets its own
     *                        segment)
     * @param flushInterval   the longest time a written record stays unflushed, positive
     * @param clock           the clock deciding the current hour window
     */
    public record Options(Path directory, int queueCapacity, double sampleRate, long maxSegmentBytes,
                          Duration flushInterval, Clock clock) {
        /** Validates. */
        public Options {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(flushInterval, "flushInterval");
            Objects.requireNonNull(clock, "clock");
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1");
            }
            RequestSampler.checkRate(sampleRate);
            if (maxSegmentBytes < 1) {
                throw new IllegalArgumentException("maxSegmentBytes must be at least 1");
            }
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("flushInterval must be positive");
            }
        }

        /** Defaults: queue 10 000, every request, 64 MiB segments, flush every second, the UTC system clock. */
        public static Options defaults(Path directory) {
            return new Options(directory, 10_000, 1.0, 64L << 20, Duration.ofSeconds(1), Clock.systemUTC());
        }

        /** A copy with another queue capacity. */
        public Options withQueueCapacity(int capacity) {
            return new Options(directory, capacity, sampleRate, maxSegmentBytes, flushInterval, clock);
        }

        /** A copy with another sample rate. */
        public Options withSampleRate(double rate) {
            return new Options(directory, queueCapacity, rate, maxSegmentBytes, flushInterval, clock);
        }

        /** A copy with another segment size limit. */
        public Options withMaxSegmentBytes(long bytes) {
            return new Options(directory, queueCapacity, sampleRate, bytes, flushInterval, clock);
        }

        /** A copy with another flush interval. */
        public Options withFlushInterval(Duration interval) {
            return new Options(directory, queueCapacity, sampleRate, maxSegmentBytes, interval, clock);
        }

        /** A copy with another clock. */
        public Options withClock(Clock newClock) {
            return new Options(directory, queueCapacity, sampleRate, maxSegmentBytes, flushInterval, newClock);
        }
    }

    /**
     * The counters, cumulative since the log was opened.
     *
     * @param offered     records passed to {@link #offer}
     * @param sampledOut  records not kept by the sampling rate
     * @param dropped     records refused because the queue was full or the log closed
     * @param written     records flushed to a segment file
     * @param writeErrors records lost to a failed write
     * @param queued      records waiting in the queue now
     */
    public record Stats(long offered, long sampledOut, long dropped, long written, long writeErrors, long queued) {
    }

    /** Opens the log and starts its writer thread; creates nothing on disk until the first record. */
    public PredictionLog(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.writer = new SegmentWriter(options.directory(), options.maxSegmentBytes(), options.clock(), written,
                writeErrors);
        this.thread = new Thread(this::run, "prediction-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The settings this log was opened with. */
    public Options options() {
        return options;
    }

    /**
     * Offers a record; returns at once. Returns {@code true} when the record was queued for writing,
     * {@code false} when it was sampled out or dropped.
     */
    public boolean offer(PredictionRecord record) {
        Objects.requireNonNull(record, "record");
        offered.increment();
        if (!RequestSampler.keep(record.requestId(), options.sampleRate())) {
            sampledOut.increment();
            return false;
        }
        if (closed || !queue.offer(record)) {
            dropped.increment();
            return false;
        }
        if (closed && queue.remove(record)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /**
     * Adds a listener that sees every record the log keeps (sampled in and queued), on the writer thread, right
     * after the record was handed to its segment — whether or not that write then succeeds. Listeners run in
     * the order added and must be quick (they delay the writer); what one throws is counted in
     * {@link #listenerErrors()} and otherwise ignored. After {@link #flush} returns {@code true}, every listener
     * has seen every record queued before the call.
     */
    public void addListener(java.util.function.Consumer<PredictionRecord> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** How many times a listener threw. */
    public long listenerErrors() {
        return listenerErrors.sum();
    }

    private void write(PredictionRecord record) {
        writer.write(record);
        for (java.util.function.Consumer<PredictionRecord> listener : listeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                listenerErrors.increment();
            }
        }
    }

    /** The counters now. */
    public Stats stats() {
        return new Stats(offered.sum(), sampledOut.sum(), dropped.sum(), written.sum(), writeErrors.sum(),
                queue.size());
    }

    /** The segment files open for writing now; every other segment file is complete. */
    public Set<Path> openSegments() {
        return writer.openPaths();
    }

    /**
     * Waits until every record queued before this call is written and flushed. Blocks the caller: not for the
     * request path. Returns {@code false} when the timeout passed first or the log is closed.
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        if (closed) {
            return false;
        }
        CompletableFuture<Void> request;
        synchronized (this) {
            request = flushRequest;
            if (request == null || request.isDone()) {
                request = new CompletableFuture<>();
                flushRequest = request;
            }
        }
        try {
            request.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    /** Stops accepting records, writes everything queued, flushes and closes every segment. Idempotent. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (this) {
            drain(Integer.MAX_VALUE);
            writer.closeAll();
            CompletableFuture<Void> request = flushRequest;
            if (request != null) {
                request.complete(null);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long intervalNanos = options.flushInterval().toNanos();
        long pollNanos = Math.min(intervalNanos, TimeUnit.MILLISECONDS.toNanos(50));
        long nextFlush = System.nanoTime() + intervalNanos;
        while (true) {
            try {
                PredictionRecord record = queue.poll(pollNanos, TimeUnit.NANOSECONDS);
                if (record != null) {
                    write(record);
                    drain(options.queueCapacity());
                }
                writer.closeExpired();
                CompletableFuture<Void> request = flushRequest;
                if (System.nanoTime() - nextFlush >= 0 || (request != null && !request.isDone())) {
                    writer.flushAll();
                    nextFlush = System.nanoTime() + intervalNanos;
                    if (request != null && queue.isEmpty()) {
                        request.complete(null);
                    }
                }
                if (closed && queue.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                // the segment writer counts its own failures; the writer thread must outlive anything else
            }
        }
    }

    private void drain(int max) {
        PredictionRecord next;
        for (int i = 0; i < max && (next = queue.poll()) != null; i++) {
            write(next);
        }
    }
}
