package dev.gyre.tracking;

import java.util.Objects;

/** A tag on a run's use of a dataset, such as {@code mlflow.data.context = training}. */
public record InputTag(String key, String value) {

    /** The tag saying what the dataset was used for (training, validation, ...). */
    public static final String CONTEXT = "mlflow.data.context";

    public InputTag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
