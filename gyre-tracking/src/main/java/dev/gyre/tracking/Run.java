package dev.gyre.tracking;

import java.util.Objects;

/** A run with its data and inputs, as MLflow's {@code runs/get} returns it. */
public record Run(RunInfo info, RunData data, RunInputs inputs) {
    public Run {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(inputs, "inputs");
    }
}
