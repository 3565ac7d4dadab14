package dev.gyre.serving.deploy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.onnx.OnnxModel;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.training.TrainedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Gathers concurrent single-record predictions of one {@link GyreModel} into batches, for runtimes where one
 * batched call costs much less than as many single calls (ONNX Runtime, XGBoost's own predictor).
 *
 * <p>{@link #predict} checks and transforms the caller's record on the caller's thread ({@link
 * GyreModel#prepare}), so a bad record fails at once and only for its caller. Prepared records wait in a
 * bounded queue; a batching thread takes the first one waiting, then keeps taking records until it holds
 * {@code maxBatchSize} of them or {@code maxWait} has passed since it took the first, whichever comes first, and
 * predicts them with one call ({@link GyreModel#predictPrepared}). Each caller gets its own prediction, equal to
 * what {@link GyreModel#predict} gives for the record. If the batched call fails, each record of the batch is
 * predicted on its own so that only the callers whose record fails get an error (their own).
 *
 * <p>When batching is off for the model (see {@link Mode}), when the queue is full, or after {@link #close()},
 * a call is predicted directly on the caller's thread: the batcher never refuses a request the model would
 * answer. {@link #stats()} reports what it did. Thread-safe.
 */
public final class AdaptiveBatcher implements AutoCloseable {

    /** When batching is used. */
    public enum Mode {
        /**
         * On for the runtimes where it pays: ONNX models taking batches of any size, and gradient boosting
         * (XGBoost) when {@code maxBatchSize} reaches {@value #XGBOOST_NATIVE_BATCH}, the batch size from which
         * XGBoost's own predictor answers instead of the compiled tree evaluator. Off for the rest (linear
         * models, Gyre's trees, Tribuo models), which predict a row in microseconds.
         */
        AUTO,
        /** Always on. */
        ON,
        /** Always off: every call predicts directly. */
        OFF
    }

    /** The batch size from which gradient boosting predicts through XGBoost rather than the compiled evaluator. */
    public static final int XGBOOST_NATIVE_BATCH = 64;
    /** The largest {@code maxBatchSize} accepted. */
    public static final int MAX_BATCH_SIZE = 4096;

    /**
     * The batcher's settings.
     *
     * @param mode         when batching is used
     * @param maxBatchSize the most records predicted in one call, 1 to {@value AdaptiveBatcher#MAX_BATCH_SIZE}
     * @param maxWait      the longest a batch waits for more records after its first, 0 to 1 s
     * @param queueSize    the most records waiting; past it calls predict directly (at least {@code maxBatchSize})
     * @param threads      batching threads, each forming and predicting its own batches, 1 to 64
     */
    public record Settings(Mode mode, int maxBatchSize, Duration maxWait, int queueSize, int threads) {
        public Settings {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE) {
                throw new GyreException.InvalidArgument("maxBatchSize is " + maxBatchSize + "; set it between 1 and "
                        + MAX_BATCH_SIZE);
            }
            if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new GyreException.InvalidArgument("maxWait is " + maxWait + "; set it between 0 and 1 second "
                        + "(a few milliseconds is usual)");
            }
            if (queueSize < maxBatchSize || queueSize > 1_000_000) {
                throw new GyreException.InvalidArgument("queueSize is " + queueSize + "; set it between maxBatchSize ("
                        + maxBatchSize + ") and 1000000");
            }
            if (threads < 1 || threads > 64) {
                throw new GyreException.InvalidArgument("threads is " + threads + "; set it between 1 and 64");
            }
        }

        /** AUTO, batches of up to 32 records, 2 ms wait, 10 000 queued records, one batching thread. */
        public static Settings defaults() {
            return new Settings(Mode.AUTO, 32, Duration.ofMillis(2), 10_000, 1);
        }

        public Settings withMode(Mode value) {
            return new Settings(value, maxBatchSize, maxWait, queueSize, threads);
        }

        public Settings withMaxBatchSize(int value) {
            return new Settings(mode, value, maxWait, Math.max(queueSize, value), threads);
        }

        public Settings withMaxWait(Duration value) {
            return new Settings(mode, maxBatchSize, value, queueSize, threads);
        }

        public Settings withQueueSize(int value) {
            return new Settings(mode, maxBatchSize, maxWait, value, threads);
        }

        public Settings withThreads(int value) {
            return new Settings(mode, maxBatchSize, maxWait, queueSize, value);
        }
    }

    /**
     * What the batcher did so far.
     *
     * @param batches         batched calls of the model
     * @param batchedRecords  records predicted in those calls
     * @param direct          records predicted directly (batching off, queue full, or closed)
     * @param fallbacks       batches whose batched call failed and whose records were predicted one by one
     * @param batchSizeCounts element {@code s - 1} is the number of batches of {@code s} records, for a histogram
     *                        of batch sizes ({@code maxBatchSize} elements)
     */
    public record Stats(long batches, long batchedRecords, long direct, long fallbacks, long[] batchSizeCounts) {
        public Stats {
            batchSizeCounts = batchSizeCounts.clone();
        }

        @Override
        public long[] batchSizeCounts() {
            return batchSizeCounts.clone();
        }

        @Override
        public String toString() {
            return "Stats[batches=" + batches + ", batchedRecords=" + batchedRecords + ", direct=" + direct
                    + ", fallbacks=" + fallbacks + ", batchSizeCounts=" + java.util.Arrays.toString(batchSizeCounts)
                    + "]";
        }

        /** The mean records per batched call, 0 before the first batch. */
        public double meanBatchSize() {
            return batches == 0 ? 0 : (double) batchedRecords / batches;
        }
    }

    private record Pending(GyreModel.PreparedRecord record, CompletableFuture<Prediction> answer) {
    }

    private final GyreModel model;
    private final Settings settings;
    private final boolean enabled;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batchedRecords = new AtomicLong();
    private final AtomicLong direct = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLongArray sizes;
    private volatile boolean closed;

    /**
     * A batcher over {@code model}; starts its batching threads when batching is on for it.
     *
     * @throws GyreException.InvalidArgument never for valid settings (they are checked when made)
     */
    public AdaptiveBatcher(GyreModel model, Settings settings) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.enabled = switch (settings.mode()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> pays(model.modelPackage().model(), settings.maxBatchSize());
        };
        this.sizes = new AtomicLongArray(settings.maxBatchSize());
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        if (enabled) {
            String name = "gyre-batcher-" + model.modelPackage().metadata().modelName() + "-"
                    + model.modelPackage().metadata().version();
            for (int t = 0; t < settings.threads(); t++) {
                Thread thread = new Thread(this::run, name + "-" + t);
                thread.setDaemon(true);
                workers.add(thread);
            }
            workers.forEach(Thread::start);
        }
    }

    /** Whether batching pays for a model under {@link Mode#AUTO} with batches of up to {@code maxBatchSize}. */
    public static boolean pays(TrainedModel model, int maxBatchSize) {
        if (model instanceof OnnxModel onnx) {
            return onnx.batches();
        }
        return "gradient_boosting".equals(model.algorithm()) && maxBatchSize >= XGBOOST_NATIVE_BATCH;
    }

    /** The model batched. */
    public GyreModel model() {
        return model;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Whether calls are batched (false when {@link Mode} leaves batching off for this model). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Predicts one record, batched with concurrent calls when batching is on; the prediction equals
     * {@link GyreModel#predict}'s.
     *
     * @throws GyreException.InvalidArgument when the record does not fit the signature (as {@link GyreModel#predict})
     */
    public Prediction predict(Map<String, ?> record) {
        if (!enabled || closed) {
            direct.incrementAndGet();
            return model.predict(record);
        }
        GyreModel.PreparedRecord prepared = model.prepare(record);
        Pending pending = new Pending(prepared, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            direct.incrementAndGet();
            return model.predictPrepared(List.of(prepared)).get(0);
        }
        if (closed && queue.remove(pending)) {
            direct.incrementAndGet();
            return model.predictPrepared(List.of(prepared)).get(0);
        }
        return await(pending.answer());
    }

    private static Prediction await(CompletableFuture<Prediction> answer) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    // The batch is already under way: wait for its answer, and keep the interrupt for the caller.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new GyreException.Internal("the batched prediction failed", cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(settings.maxBatchSize());
        long waitNanos = settings.maxWait().toNanos();
        while (true) {
            batch.clear();
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + waitNanos;
                while (batch.size() < settings.maxBatchSize()) {
                    if (queue.drainTo(batch, settings.maxBatchSize() - batch.size()) > 0) {
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                // close() interrupts: answer what was taken, then leave.
                answer(batch);
                drainOnClose();
                return;
            }
            answer(batch);
        }
    }

    /** Predicts a batch and completes each caller's answer with its own prediction or error. */
    private void answer(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<GyreModel.PreparedRecord> records = new ArrayList<>(batch.size());
        batch.forEach(p -> records.add(p.record()));
        List<Prediction> predictions;
        try {
            predictions = model.predictPrepared(records);
        } catch (RuntimeException | Error batchFailure) {
            fallbacks.incrementAndGet();
            for (Pending p : batch) {
                try {
                    p.answer().complete(model.predictPrepared(List.of(p.record())).get(0));
                } catch (RuntimeException | Error e) {
                    p.answer().completeExceptionally(e);
                }
            }
            count(batch.size());
            return;
        }
        count(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(predictions.get(i));
        }
    }

    private void count(int size) {
        batches.incrementAndGet();
        batchedRecords.addAndGet(size);
        sizes.incrementAndGet(size - 1);
    }

    private void drainOnClose() {
        List<Pending> rest = new ArrayList<>();
        while (queue.drainTo(rest, settings.maxBatchSize()) > 0) {
            answer(rest);
            rest.clear();
        }
    }

    /** What the batcher did so far. */
    public Stats stats() {
        long[] counts = new long[sizes.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = sizes.get(i);
        }
        return new Stats(batches.get(), batchedRecords.get(), direct.get(), fallbacks.get(), counts);
    }

    /**
     * Stops the batching threads once the records already queued are answered; later calls predict directly.
     */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        drainOnClose();
    }
}
