package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.pipelines.internal.Canonical;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs pipelines: executes the steps in order through a {@link StepExecutor}, reuses a step whose
 * {@link StepKey} already succeeded, evaluates each checkpoint and follows its decision, and keeps every state
 * change and decision in a {@link RunStore} so that a run can wait for an approval, be resumed after a failure,
 * and survive a restart.
 *
 * <p>The state machine: a run starts {@link RunStatus#RUNNING}. After each step its checkpoint (if any) is
 * evaluated over the step's results, to which {@code params} (the effective parameters) and {@code outputs} are
 * added when the results have no such key. When the condition does not hold: {@code stop} ends the run
 * {@link RunStatus#FAILED_CHECKPOINT}; {@code goto} goes back to the target step with {@code set} merged into
 * its parameters and counts one more pass, or ends the run {@link RunStatus#EXHAUSTED} when the pass would exceed
 * {@code max_iterations}; {@code await_approval} leaves the run {@link RunStatus#WAITING} until
 * {@link #approve} (continue after the step) or {@link #reject} (ends {@link RunStatus#REJECTED}). A step that
 * fails or throws ends the run {@link RunStatus#FAILED}, and {@link #resume} runs it again with the earlier steps'
 * outputs kept. A step's inputs are the outputs of all the steps before it in the current pass.
 *
 * <p>The methods run the pipeline in the calling thread until it ends or waits, and return the run as stored.
 * Thread-safe: the store's compare-and-set keeps two callers from driving the same run.
 */
public final class PipelineRunner {
    private final RunStore store;
    private final StepExecutor executor;
    private final Clock clock;
    private final String codeVersion;
    private final Supplier<String> runIds;
    private final PipelineSpecParser parser = new PipelineSpecParser();

    /**
     * @param store       where runs are kept
     * @param executor    what runs the steps
     * @param clock       the time of every record
     * @param codeVersion the version of the step code (part of every cache key), e.g. a release or a commit
     * @param runIds      makes new run ids
     */
    public PipelineRunner(RunStore store, StepExecutor executor, Clock clock, String codeVersion,
                          Supplier<String> runIds) {
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codeVersion = Objects.requireNonNull(codeVersion, "codeVersion");
        this.runIds = Objects.requireNonNull(runIds, "runIds");
    }

    /** A runner whose run ids are random UUIDs. */
    public PipelineRunner(RunStore store, StepExecutor executor, Clock clock, String codeVersion) {
        this(store, executor, clock, codeVersion, () -> UUID.randomUUID().toString());
    }

    /** Starts a run of {@code spec} with its own parameters; see {@link #start(PipelineSpec, Map)}. */
    public PipelineRun start(PipelineSpec spec) {
        return start(spec, Map.of());
    }

    /**
     * Starts a run of {@code spec} and drives it until it ends or waits.
     *
     * @param overrides parameter values replacing the spec's, by step id; each key must exist in that step's
     *                  params
     * @throws GyreException.InvalidArgument for an override of an unknown step or parameter, naming it
     */
    public PipelineRun start(PipelineSpec spec, Map<String, Map<String, Object>> overrides) {
        PipelineRun run = create(spec, overrides);
        return drive(run, spec);
    }

    /**
     * Stores a new run of {@code spec}, status {@link RunStatus#RUNNING}, without running a step: the caller
     * drives it with {@link #continueRun(String)}, e.g. on another thread, after answering with the run's id.
     *
     * @throws GyreException.InvalidArgument for an override of an unknown step or parameter, naming it
     */
    public PipelineRun create(PipelineSpec spec, Map<String, Map<String, Object>> overrides) {
        Objects.requireNonNull(spec, "spec");
        Map<String, Map<String, Object>> checked = checkOverrides(spec, overrides == null ? Map.of() : overrides);
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        for (StepSpec step : spec.steps()) {
            Map<String, Object> p = new LinkedHashMap<>(step.params());
            p.putAll(checked.getOrDefault(step.id(), Map.of()));
            params.put(step.id(), p);
        }
        var now = clock.instant();
        PipelineRun run = new PipelineRun(runIds.get(), spec.name(), spec.hash(), spec.canonicalJson(), codeVersion,
                checked, RunStatus.RUNNING, null, 1, 0, params, Map.of(), null, now, now);
        store.createRun(run);
        event(run, RunEvent.Type.RUN_STARTED, null, "started pipeline '" + spec.name() + "' (spec "
                + spec.hash().substring(0, 12) + ", code version " + codeVersion + ", max_iterations "
                + spec.maxIterations() + (checked.isEmpty() ? "" : ", overrides " + Canonical.json(checked)) + ")");
        return run;
    }

    /**
     * Drives a {@link RunStatus#RUNNING} run (made by {@link #create}, {@link #approveLater} or
     * {@link #resumeLater}) until it ends or waits.
     *
     * @throws GyreException.NotFound when there is no such run
     * @throws GyreException.Conflict when the run is not running
     */
    public PipelineRun continueRun(String runId) {
        PipelineRun run = store.getRun(runId);
        if (run.status() != RunStatus.RUNNING) {
            throw new GyreException.Conflict("Pipeline run '" + runId + "' is " + run.status().id()
                    + "; only a running run can be continued.");
        }
        return drive(run, spec(run));
    }

    /**
     * Approves the checkpoint a waiting run waits for, and continues the run after that step.
     *
     * @param user who approves
     * @param role the role {@code user} acts in; the caller (the HTTP layer) has checked that the user holds it in
     *             the project
     *
     * @throws GyreException.NotFound         when there is no such run
     * @throws GyreException.Conflict         when the run is not waiting
     * @throws GyreException.PermissionDenied when {@code role} is not the role the checkpoint names
     */
    public PipelineRun approve(String runId, String user, Role role) {
        PipelineRun next = approveLater(runId, user, role);
        return drive(next, spec(next));
    }

    /**
     * Records the approval as {@link #approve} does and leaves the run {@link RunStatus#RUNNING} for
     * {@link #continueRun(String)}.
     */
    public PipelineRun approveLater(String runId, String user, Role role) {
        PipelineRun run = waiting(runId, user, role, "approve");
        PipelineRun.Approval approval = run.awaiting();
        PipelineRun next = run.with(RunStatus.RUNNING, null, null, clock.instant());
        store.updateRun(next, RunStatus.WAITING);
        event(next, RunEvent.Type.APPROVED, approval.stepId(), user + " (" + role + ") approved the checkpoint after '"
                + approval.stepId() + "' (" + approval.reason() + "); continuing");
        return next;
    }

    /**
     * Rejects the checkpoint a waiting run waits for; the run ends {@link RunStatus#REJECTED}.
     *
     * @param comment why, or null
     * @throws GyreException.NotFound         when there is no such run
     * @throws GyreException.Conflict         when the run is not waiting
     * @throws GyreException.PermissionDenied when {@code role} is not the role the checkpoint names
     */
    public PipelineRun reject(String runId, String user, Role role, String comment) {
        PipelineRun run = waiting(runId, user, role, "reject");
        PipelineRun.Approval approval = run.awaiting();
        String reason = "rejected by " + user + " (" + role + ") at the checkpoint after '" + approval.stepId() + "'"
                + (comment == null || comment.isBlank() ? "" : ": " + comment);
        PipelineRun next = run.with(RunStatus.REJECTED, reason, null, clock.instant());
        store.updateRun(next, RunStatus.WAITING);
        event(next, RunEvent.Type.REJECTED, approval.stepId(), reason);
        return next;
    }

    /**
     * Continues a failed or interrupted run at the step where it stopped, keeping the outputs of the steps done
     * before it (a re-run step whose key already succeeded is reused as usual).
     *
     * @throws GyreException.NotFound when there is no such run
     * @throws GyreException.Conflict when the run is neither failed nor interrupted
     */
    public PipelineRun resume(String runId) {
        PipelineRun next = resumeLater(runId);
        return drive(next, spec(next));
    }

    /**
     * Marks a failed or interrupted run running again, as {@link #resume} does, for {@link #continueRun(String)}.
     */
    public PipelineRun resumeLater(String runId) {
        PipelineRun run = store.getRun(runId);
        if (!run.status().isResumable()) {
            throw new GyreException.Conflict("Pipeline run '" + runId + "' is " + run.status().id() + "; only failed"
                    + " or interrupted runs can be resumed" + (run.status() == RunStatus.WAITING
                    ? " (this one waits for an approval: approve or reject it)." : "."));
        }
        PipelineRun next = run.with(RunStatus.RUNNING, null, null, clock.instant());
        store.updateRun(next, run.status());
        PipelineSpec spec = spec(next);
        String at = next.nextStep() < spec.steps().size() ? spec.steps().get(next.nextStep()).id() : "(end)";
        event(next, RunEvent.Type.RESUMED, at, "resumed the " + run.status().id() + " run at step '" + at
                + "' (pass " + next.iteration() + ")");
        return next;
    }

    /**
     * Marks the runs left {@link RunStatus#RUNNING} by a previous process {@link RunStatus#INTERRUPTED}, with an
     * event each. Call once at start-up, before starting or resuming runs.
     *
     * @return the runs marked
     */
    public List<PipelineRun> markInterrupted() {
        return interrupted(store.markInterrupted(clock.instant()));
    }

    /**
     * Marks those of {@code runIds} that are {@link RunStatus#RUNNING} {@link RunStatus#INTERRUPTED}, with an event
     * each: the runs a process stopped driving while other processes go on driving theirs.
     *
     * @return the runs marked
     */
    public List<PipelineRun> markInterrupted(java.util.Collection<String> runIds) {
        return interrupted(store.markInterrupted(clock.instant(), runIds));
    }

    private List<PipelineRun> interrupted(List<PipelineRun> marked) {
        for (PipelineRun run : marked) {
            List<StepSpec> steps = spec(run).steps();
            String at = run.nextStep() < steps.size() ? steps.get(run.nextStep()).id() : null;
            event(run, RunEvent.Type.INTERRUPTED, at, "the platform stopped while the run was running"
                    + (at == null ? "" : " step '" + at + "'") + "; resume it to continue there");
        }
        return marked;
    }

    private PipelineRun waiting(String runId, String user, Role role, String verb) {
        if (user == null || user.isBlank()) {
            throw new GyreException.InvalidArgument("Name the user who decides to " + verb + " the run.");
        }
        PipelineRun run = store.getRun(runId);
        if (run.status() != RunStatus.WAITING) {
            throw new GyreException.Conflict("Pipeline run '" + runId + "' is " + run.status().id()
                    + ", not waiting for an approval; there is nothing to " + verb + ".");
        }
        if (run.awaiting().role() != role) {
            throw new GyreException.PermissionDenied("The checkpoint after '" + run.awaiting().stepId() + "' of run '"
                    + runId + "' is decided by a member with the role " + run.awaiting().role() + "; " + user
                    + " acts as " + role + ".");
        }
        return run;
    }

    private PipelineSpec spec(PipelineRun run) {
        return parser.parse(run.specJson());
    }

    private Map<String, Map<String, Object>> checkOverrides(PipelineSpec spec,
                                                            Map<String, Map<String, Object>> overrides) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> entry : overrides.entrySet()) {
            int index = spec.indexOf(entry.getKey());
            if (index < 0) {
                throw new GyreException.InvalidArgument("Override 'overrides." + entry.getKey() + "': the pipeline has"
                        + " no step '" + entry.getKey() + "'; its steps are "
                        + String.join(", ", spec.steps().stream().map(StepSpec::id).toList()) + ".");
            }
            StepSpec step = spec.steps().get(index);
            if (entry.getValue() == null) {
                throw new GyreException.InvalidArgument("Override 'overrides." + step.id() + "' is null; give a map"
                        + " of the step's params to replace, e.g. {\"" + step.id() + "\": {\"<param>\": <value>}}.");
            }
            for (String key : entry.getValue().keySet()) {
                if (!step.params().containsKey(key)) {
                    throw new GyreException.InvalidArgument("Override 'overrides." + step.id() + "." + key + "': step '"
                            + step.id() + "' has no parameter '" + key + "'; its params are "
                            + (step.params().isEmpty() ? "none" : String.join(", ", step.params().keySet()))
                            + " (add it to the spec with a default to override it).");
                }
            }
            out.put(step.id(), Canonical.plainMap(entry.getValue(), "overrides." + step.id()));
        }
        return out;
    }

    private PipelineRun drive(PipelineRun start, PipelineSpec spec) {
        PipelineRun run = start;
        while (run.nextStep() < spec.steps().size()) {
            int index = run.nextStep();
            StepSpec step = spec.steps().get(index);
            Map<String, Object> params = run.params().get(step.id());
            Map<String, String> inputs = new LinkedHashMap<>();
            for (int i = 0; i < index; i++) {
                String upstream = spec.steps().get(i).id();
                run.outputs().getOrDefault(upstream, Map.of()).forEach((name, id) -> inputs.put(upstream + "." + name,
                        id));
            }
            StepDescription description = new StepDescription(run.id(), step.id(), step.kind(), params, inputs,
                    codeVersion);
            StepKey key = description.key();
            int seq = store.stepRuns(run.id()).size() + 1;
            StepRun record = new StepRun(run.id(), seq, step.id(), step.kind(), run.iteration(), key, params, inputs,
                    StepRun.Status.RUNNING, null, null, null, null, null, clock.instant(), null);
            StepResult result;
            Optional<StepRun> cached = store.findSucceeded(key);
            if (cached.isPresent()) {
                StepRun reused = cached.get();
                result = StepResult.succeeded(reused.outputs(), reused.results(), reused.logs());
                String from = reused.runId() + "#" + reused.seq();
                record = new StepRun(run.id(), seq, step.id(), step.kind(), run.iteration(), key, params, inputs,
                        StepRun.Status.CACHED, result.outputs(), result.results(), result.logs(), null, from,
                        record.startedAt(), clock.instant());
                store.saveStepRun(record);
                event(run, RunEvent.Type.CACHE_HIT, step.id(), "step '" + step.id() + "' reused step run " + from
                        + ": same kind, params, inputs and code version (key " + key.hash().substring(0, 12) + ")");
            } else {
                store.saveStepRun(record);
                event(run, RunEvent.Type.STEP_STARTED, step.id(), "step '" + step.id() + "' (" + step.kind().id()
                        + ") started, pass " + run.iteration() + ", params " + Canonical.json(params));
                result = execute(description);
                PipelineRun current = store.getRun(run.id());
                if (!current.equals(run)) {
                    throw new GyreException.Conflict("Pipeline run '" + run.id() + "' changed while step '" + step.id()
                            + "' ran (it is " + current.status().id() + "); this result was not recorded.");
                }
                if (!result.succeeded()) {
                    store.saveStepRun(record.finished(StepRun.Status.FAILED, result, clock.instant()));
                    String reason = "step '" + step.id() + "' failed: " + result.error();
                    run = persist(run, run.with(RunStatus.FAILED, reason, null, clock.instant()));
                    event(run, RunEvent.Type.STEP_FAILED, step.id(), reason + "; fix the cause and resume the run");
                    return run;
                }
                store.saveStepRun(record.finished(StepRun.Status.SUCCEEDED, result, clock.instant()));
                event(run, RunEvent.Type.STEP_SUCCEEDED, step.id(), "step '" + step.id() + "' succeeded with outputs "
                        + Canonical.json(result.outputs()));
            }
            Map<String, Map<String, String>> outputs = new LinkedHashMap<>(run.outputs());
            outputs.put(step.id(), result.outputs());
            // the step's outputs and the checkpoint's decision are stored together: a run stopped in between
            // evaluates the checkpoint again on resume instead of skipping it
            PipelineRun advanced = run.at(run.iteration(), index + 1, run.params(), outputs, clock.instant());
            if (step.checkpoint() == null) {
                run = persist(run, advanced);
                continue;
            }
            run = checkpoint(run, advanced, spec, index, result);
            if (run.status() != RunStatus.RUNNING) {
                return run;
            }
        }
        run = persist(run, run.with(RunStatus.SUCCEEDED, null, null, clock.instant()));
        event(run, RunEvent.Type.RUN_SUCCEEDED, null, "every step ran or was reused and every checkpoint passed"
                + " (pass " + run.iteration() + ")");
        return run;
    }

    /** Evaluates the checkpoint after step {@code index} and stores {@code run} as the decision leaves it. */
    private PipelineRun checkpoint(PipelineRun stored, PipelineRun run, PipelineSpec spec, int index,
                                   StepResult result) {
        StepSpec step = spec.steps().get(index);
        Map<String, Object> scope = new LinkedHashMap<>(result.results());
        scope.putIfAbsent("params", run.params().get(step.id()));
        scope.putIfAbsent("outputs", result.outputs());
        Checkpoint checkpoint = step.checkpoint();
        Verdict verdict = checkpoint.when().evaluate(scope);
        String where = "the checkpoint after '" + step.id() + "' (" + checkpoint.when().text() + ")";
        if (verdict.holds()) {
            PipelineRun next = persist(stored, run);
            event(next, RunEvent.Type.CHECKPOINT_PASSED, step.id(), where + " held: " + verdict.reason());
            return next;
        }
        event(run, RunEvent.Type.CHECKPOINT_FAILED, step.id(), where + " did not hold: " + verdict.reason());
        OnFail onFail = checkpoint.onFail();
        if (onFail instanceof OnFail.Stop) {
            String reason = where + " did not hold: " + verdict.reason();
            PipelineRun next = persist(stored, run.with(RunStatus.FAILED_CHECKPOINT, reason, null, clock.instant()));
            event(next, RunEvent.Type.STOPPED, step.id(), "stopped: " + reason);
            return next;
        }
        if (onFail instanceof OnFail.AwaitApproval await) {
            PipelineRun.Approval approval = new PipelineRun.Approval(step.id(), await.role(), verdict.reason());
            String reason = "waiting for a member with the role " + await.role() + " to approve or reject: " + where
                    + " did not hold: " + verdict.reason();
            PipelineRun next = persist(stored, run.with(RunStatus.WAITING, reason, approval, clock.instant()));
            event(next, RunEvent.Type.WAITING, step.id(), reason);
            return next;
        }
        OnFail.Goto go = (OnFail.Goto) onFail;
        if (run.iteration() >= spec.maxIterations()) {
            String reason = where + " still did not hold on pass " + run.iteration() + " of max_iterations "
                    + spec.maxIterations() + " (" + verdict.reason() + "); going back to '" + go.target()
                    + "' again is not allowed: raise max_iterations, widen the change the goto makes, or revise the"
                    + " condition";
            PipelineRun next = persist(stored, run.with(RunStatus.EXHAUSTED, reason, null, clock.instant()));
            event(next, RunEvent.Type.EXHAUSTED, step.id(), reason);
            return next;
        }
        int target = spec.indexOf(go.target());
        Map<String, Map<String, Object>> params = new LinkedHashMap<>(run.params());
        Map<String, Object> before = params.get(go.target());
        Map<String, Object> changed = new LinkedHashMap<>(before);
        changed.putAll(go.set());
        params.put(go.target(), changed);
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        for (int i = 0; i < target; i++) {
            String id = spec.steps().get(i).id();
            if (run.outputs().containsKey(id)) {
                outputs.put(id, run.outputs().get(id));
            }
        }
        List<String> changes = new ArrayList<>();
        go.set().forEach((k, v) -> changes.add(k + ": " + Canonical.format(before.get(k)) + " -> "
                + Canonical.format(v)));
        PipelineRun next = persist(stored, run.at(run.iteration() + 1, target, params, outputs, clock.instant()));
        event(next, RunEvent.Type.GOTO, step.id(), "going back to '" + go.target() + "' for pass "
                + next.iteration() + " of " + spec.maxIterations() + (changes.isEmpty() ? " with the same params"
                : " with " + String.join(", ", changes)) + ", because " + verdict.reason());
        return next;
    }

    private StepResult execute(StepDescription description) {
        try {
            StepResult result = executor.execute(description);
            return result != null ? result : StepResult.failed("The executor returned no result.", List.of());
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return StepResult.failed(message, List.of());
        }
    }

    private PipelineRun persist(PipelineRun current, PipelineRun next) {
        store.updateRun(next, current.status());
        return next;
    }

    private void event(PipelineRun run, RunEvent.Type type, String stepId, String message) {
        store.appendEvent(new RunEvent(run.id(), clock.instant(), type, stepId, message));
    }
}
