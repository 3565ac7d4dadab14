package dev.gyre.tracking.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Run facts kept in a map, for tests. */
final class InMemoryRunLineage implements RunLineage {

    private final Map<String, RunFacts> runs = new ConcurrentHashMap<>();

    InMemoryRunLineage add(RunFacts facts) {
        runs.put(facts.runId(), facts);
        return this;
    }

    @Override
    public Optional<RunFacts> lookup(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }
}
