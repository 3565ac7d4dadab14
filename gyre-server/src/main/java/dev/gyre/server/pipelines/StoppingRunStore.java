package dev.gyre.server.pipelines;

import dev.gyre.core.GyreException;
import dev.gyre.pipelines.PipelineRun;
import dev.gyre.pipelines.RunEvent;
import dev.gyre.pipelines.RunStatus;
import dev.gyre.pipelines.RunStore;
import dev.gyre.pipelines.StepKey;
import dev.gyre.pipelines.StepRun;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The run store as the runner sees it: once the platform stops, writes are refused, so a run whose step ends
 * during the stop is not recorded failed; it stays running in the store and the next start marks it
 * interrupted, to be resumed.
 */
final class StoppingRunStore implements RunStore {
    private final RunStore delegate;
    private volatile boolean stopped;

    StoppingRunStore(RunStore delegate) {
        this.delegate = delegate;
    }

    void stop() {
        stopped = true;
    }

    private void writable() {
        if (stopped) {
            throw new GyreException.NotReady("The platform is stopping; the run continues after a restart.");
        }
    }

    @Override
    public void createRun(PipelineRun run) {
        writable();
        delegate.createRun(run);
    }

    @Override
    public PipelineRun getRun(String id) {
        return delegate.getRun(id);
    }

    @Override
    public void updateRun(PipelineRun run, RunStatus expected) {
        writable();
        delegate.updateRun(run, expected);
    }

    @Override
    public List<PipelineRun> listRuns() {
        return delegate.listRuns();
    }

    @Override
    public void saveStepRun(StepRun stepRun) {
        writable();
        delegate.saveStepRun(stepRun);
    }

    @Override
    public List<StepRun> stepRuns(String runId) {
        return delegate.stepRuns(runId);
    }

    @Override
    public Optional<StepRun> findSucceeded(StepKey key) {
        return delegate.findSucceeded(key);
    }

    @Override
    public void appendEvent(RunEvent event) {
        writable();
        delegate.appendEvent(event);
    }

    @Override
    public List<RunEvent> events(String runId) {
        return delegate.events(runId);
    }

    @Override
    public List<PipelineRun> markInterrupted(Instant at) {
        writable();
        return delegate.markInterrupted(at);
    }

    @Override
    public List<PipelineRun> markInterrupted(Instant at, Collection<String> runIds) {
        writable();
        return delegate.markInterrupted(at, runIds);
    }
}
