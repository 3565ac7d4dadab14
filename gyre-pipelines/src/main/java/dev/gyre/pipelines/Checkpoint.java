package dev.gyre.pipelines;

import java.util.Objects;

/**
 * A check after a step: when {@code when} does not hold over the step's results, {@code onFail} decides.
 *
 * @param when   the condition over the step's results
 * @param onFail what to do when it does not hold
 */
public record Checkpoint(Condition when, OnFail onFail) {
    public Checkpoint {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(onFail, "onFail");
    }
}
