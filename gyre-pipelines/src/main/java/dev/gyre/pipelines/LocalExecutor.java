package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs steps in this process with the {@link StepHandler} registered for their kind, on a pool of at most
 * {@code threads} threads (callers beyond that wait for a thread). A handler's exception becomes a failed result
 * carrying its message; a JVM {@link Error} is rethrown. Close it to stop the pool. Thread-safe.
 */
public final class LocalExecutor implements StepExecutor, AutoCloseable {
    private final Map<StepKind, StepHandler> handlers;
    private final ExecutorService pool;

    /**
     * @param handlers the handler of each kind this executor runs
     * @param threads  the most steps run at once, at least 1
     */
    public LocalExecutor(Map<StepKind, StepHandler> handlers, int threads) {
        Objects.requireNonNull(handlers, "handlers");
        if (threads < 1) {
            throw new GyreException.InvalidArgument("A local executor needs at least 1 thread; got " + threads + ".");
        }
        this.handlers = handlers.isEmpty() ? Map.of() : new EnumMap<>(handlers);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gyre-pipeline-step-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public StepResult execute(StepDescription step) {
        StepHandler handler = handlers.get(step.kind());
        if (handler == null) {
            return StepResult.failed("No handler runs steps of kind '" + step.kind().id() + "' here; register one"
                    + " for it (this executor runs " + handlers.keySet().stream().map(StepKind::id).toList() + ").",
                    List.of());
        }
        Future<StepResult> future = pool.submit(() -> handler.run(step));
        try {
            StepResult result = future.get();
            if (result == null) {
                return StepResult.failed("The handler of '" + step.kind().id() + "' returned no result.", List.of());
            }
            return result;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return StepResult.failed(message, List.of());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return StepResult.failed("Interrupted while waiting for the step.", List.of());
        }
    }

    /**
     * Stops taking steps. Steps already running are not interrupted (an interrupt can close a store's open file
     * channel under it): they end on their own, or their stage's own stop ends them; the pool's threads are daemons.
     */
    @Override
    public void close() {
        pool.shutdown();
    }
}
