package dev.gyre.tracking.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The recorded outcome of one validation of a model version (stage 5): whether it passed, each gate's result
 * and where a failure sends the work back to. The full report is an artifact at {@code reportPath}.
 *
 * @param id               the record's id, increasing with time
 * @param modelName        the registered model
 * @param version          the version validated
 * @param passed           {@code true} when no blocking gate failed
 * @param blockingFailures the names of the blocking gates that failed; empty when passed
 * @param gates            every gate, in report order
 * @param backTo           the lifecycle stages a failure points back to (e.g. {@code features}), possibly empty
 * @param reportPath       the report's path in the artifact store, or {@code null}
 * @param createdBy        who validated
 * @param createdAt        when
 */
public record ModelValidation(long id, String modelName, int version, boolean passed, List<String> blockingFailures,
                              List<Gate> gates, List<String> backTo, String reportPath, String createdBy,
                              Instant createdAt) {

    public ModelValidation {
        Objects.requireNonNull(modelName, "modelName");
        blockingFailures = List.copyOf(blockingFailures);
        gates = List.copyOf(gates);
        backTo = List.copyOf(backTo);
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * One gate's result as the registry keeps it.
     *
     * @param name     e.g. {@code success_metric}, {@code overfitting}, {@code fairness}, {@code champion}
     * @param status   {@code passed}, {@code failed} or {@code not_applicable}
     * @param blocking whether a failure refuses the production alias
     * @param message  the figures in words, e.g. "roc_auc 0.87 >= 0.85"
     */
    public record Gate(String name, String status, boolean blocking, String message) {
        public Gate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            message = message == null ? "" : message;
        }

        /** Whether this gate failed and blocks. */
        public boolean blocks() {
            return blocking && "failed".equals(status);
        }
    }

    /** What to record: everything but the id, the model's name and who/when, which the registry fills in. */
    public record Outcome(List<Gate> gates, List<String> backTo, String reportPath) {
        public Outcome {
            gates = List.copyOf(gates);
            backTo = List.copyOf(backTo);
        }

        /** The names of the failed blocking gates. */
        public List<String> blockingFailures() {
            return gates.stream().filter(Gate::blocks).map(Gate::name).toList();
        }
    }
}
