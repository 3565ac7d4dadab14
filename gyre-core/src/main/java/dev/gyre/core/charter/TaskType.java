package dev.gyre.core.charter;

import dev.gyre.core.GyreException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kind of prediction a project makes; it decides which metrics a charter may use. */
public enum TaskType {
    BINARY_CLASSIFICATION("binary_classification"),
    MULTICLASS_CLASSIFICATION("multiclass_classification"),
    REGRESSION("regression");

    private final String wireName;

    TaskType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in charter documents, e.g. {@code binary_classification}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the task predicts classes. */
    public boolean classification() {
        return this != REGRESSION;
    }

    /** The metrics this task may be judged by, in documentation order. */
    public List<MetricKind> metrics() {
        return Arrays.stream(MetricKind.values()).filter(m -> m.classification() == classification()).toList();
    }

    /**
     * The known metric of this name that fits this task.
     *
     * @throws GyreException.InvalidArgument naming the allowed metrics when the name is unknown or belongs
     *                                        to the other kind of task
     */
    public MetricKind requireMetric(String name) {
        MetricKind kind = MetricKind.byName(name).orElse(null);
        if (kind != null && kind.classification() == classification()) {
            return kind;
        }
        String allowed = metrics().stream().map(MetricKind::metricName).collect(Collectors.joining(", "));
        if (kind != null) {
            throw new GyreException.InvalidArgument(name + " is a " + (kind.classification() ? "classification" : "regression")
                    + " metric and cannot judge a " + wireName + " project; use one of: " + allowed);
        }
        throw new GyreException.InvalidArgument("unknown metric '" + name + "' for a " + wireName
                + " project; use one of: " + allowed);
    }

    /**
     * Parses a wire name (case-insensitive, {@code -} accepted for {@code _}).
     *
     * @throws GyreException.InvalidArgument listing the task types when it is not one
     */
    public static TaskType parse(String name) {
        if (name != null) {
            String wanted = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            for (TaskType type : values()) {
                if (type.wireName.equals(wanted)) {
                    return type;
                }
            }
        }
        throw new GyreException.InvalidArgument("unknown task type '" + name + "'; use one of: "
                + Arrays.stream(values()).map(TaskType::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
