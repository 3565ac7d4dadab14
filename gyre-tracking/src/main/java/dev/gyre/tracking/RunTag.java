package dev.gyre.tracking;

import java.util.Objects;

/** A key/value tag on a run; the last value written wins. */
public record RunTag(String key, String value) {

    /** The tag MLflow clients use for the run name. */
    public static final String RUN_NAME = "mlflow.runName";
    /** The tag naming the parent of a nested run. */
    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    /** The tag naming the user who started the run. */
    public static final String USER = "mlflow.user";

    public RunTag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
