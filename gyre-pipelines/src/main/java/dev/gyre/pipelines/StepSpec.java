package dev.gyre.pipelines;

import dev.gyre.pipelines.internal.Canonical;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a pipeline.
 *
 * @param id         unique within the pipeline; what {@code goto} names
 * @param kind       the lifecycle stage it runs
 * @param params     its parameters (plain data, immutable, in written order)
 * @param checkpoint the check after it, or null for none
 */
public record StepSpec(String id, StepKind kind, Map<String, Object> params, Checkpoint checkpoint) {
    public StepSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        params = Canonical.plainMap(params, "params");
    }

    /** The checkpoint, if the step has one. */
    public Optional<Checkpoint> checkpointIfAny() {
        return Optional.ofNullable(checkpoint);
    }
}
