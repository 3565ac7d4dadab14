package dev.gyre.validation;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of a gate or verdict. */
public enum GateStatus {
    PASSED("passed"),
    FAILED("failed"),
    /** The gate could not be evaluated or does not apply (for example no champion); never a failure. */
    NOT_APPLICABLE("not_applicable");

    private final String wireName;

    GateStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON name: {@code passed}, {@code failed} or {@code not_applicable}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
