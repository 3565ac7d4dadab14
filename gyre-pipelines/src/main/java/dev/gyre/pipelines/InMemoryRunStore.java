package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link RunStore} in memory: for tests and for trying pipelines out; nothing survives the process. Every
 * method is synchronized, so each is atomic.
 */
public final class InMemoryRunStore implements RunStore {
    private final Map<String, PipelineRun> runs = new LinkedHashMap<>();
    private final Map<String, TreeMap<Integer, StepRun>> stepRuns = new LinkedHashMap<>();
    private final Map<String, List<RunEvent>> events = new LinkedHashMap<>();
    private final List<StepRun> succeeded = new ArrayList<>();

    @Override
    public synchronized void createRun(PipelineRun run) {
        if (runs.containsKey(run.id())) {
            throw new GyreException.AlreadyExists("A pipeline run with id '" + run.id() + "' already exists.");
        }
        runs.put(run.id(), run);
        stepRuns.put(run.id(), new TreeMap<>());
        events.put(run.id(), new ArrayList<>());
    }

    @Override
    public synchronized PipelineRun getRun(String id) {
        PipelineRun run = runs.get(id);
        if (run == null) {
            throw new GyreException.NotFound("No pipeline run has the id '" + id + "'; list the runs to find it.");
        }
        return run;
    }

    @Override
    public synchronized void updateRun(PipelineRun run, RunStatus expected) {
        PipelineRun stored = getRun(run.id());
        if (stored.status() != expected) {
            throw new GyreException.Conflict("Pipeline run '" + run.id() + "' is " + stored.status().id()
                    + ", not " + expected.id() + "; it was changed meanwhile, read it again.");
        }
        runs.put(run.id(), run);
    }

    @Override
    public synchronized List<PipelineRun> listRuns() {
        List<PipelineRun> out = new ArrayList<>(runs.values());
        out.sort(Comparator.comparing(PipelineRun::createdAt).thenComparing(PipelineRun::id).reversed());
        return List.copyOf(out);
    }

    @Override
    public synchronized void saveStepRun(StepRun stepRun) {
        getRun(stepRun.runId());
        stepRuns.get(stepRun.runId()).put(stepRun.seq(), stepRun);
        if (stepRun.status() == StepRun.Status.SUCCEEDED) {
            succeeded.add(stepRun);
        }
    }

    @Override
    public synchronized List<StepRun> stepRuns(String runId) {
        TreeMap<Integer, StepRun> map = stepRuns.get(runId);
        return map == null ? List.of() : List.copyOf(map.values());
    }

    @Override
    public synchronized Optional<StepRun> findSucceeded(StepKey key) {
        for (int i = succeeded.size() - 1; i >= 0; i--) {
            if (succeeded.get(i).key().equals(key)) {
                return Optional.of(succeeded.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void appendEvent(RunEvent event) {
        getRun(event.runId());
        events.get(event.runId()).add(event);
    }

    @Override
    public synchronized List<RunEvent> events(String runId) {
        List<RunEvent> list = events.get(runId);
        return list == null ? List.of() : List.copyOf(list);
    }

    @Override
    public synchronized List<PipelineRun> markInterrupted(Instant at) {
        return markInterrupted(at, List.copyOf(runs.keySet()));
    }

    @Override
    public synchronized List<PipelineRun> markInterrupted(Instant at, java.util.Collection<String> runIds) {
        List<PipelineRun> marked = new ArrayList<>();
        for (String id : runIds) {
            PipelineRun run = runs.get(id);
            if (run == null || run.status() != RunStatus.RUNNING) {
                continue;
            }
            PipelineRun interrupted = run.with(RunStatus.INTERRUPTED, "The platform stopped while the run was"
                    + " running; resume it to continue.", null, at);
            runs.put(run.id(), interrupted);
            TreeMap<Integer, StepRun> steps = stepRuns.get(run.id());
            steps.replaceAll((seq, s) -> s.status() == StepRun.Status.RUNNING ? s.interrupted(at) : s);
            marked.add(interrupted);
        }
        return List.copyOf(marked);
    }
}
