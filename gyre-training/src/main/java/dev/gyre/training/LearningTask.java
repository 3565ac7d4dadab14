package dev.gyre.training;

import dev.gyre.core.charter.TaskType;

/**
 * What an algorithm learns: class probabilities, a numeric value, or clusters. It is coarser than
 * {@link TaskType} (binary and multiclass classification are one kind here) and adds clustering,
 * which needs no target.
 */
public enum LearningTask {
    /** Predicts a probability for each class of a labelled training set. */
    CLASSIFICATION("classification"),
    /** Predicts one number. */
    REGRESSION("regression"),
    /** Groups rows without a target; predicts the distance to each cluster centre. */
    CLUSTERING("clustering");

    private final String wireName;

    LearningTask(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in messages and serialised models, e.g. {@code classification}. */
    public String wireName() {
        return wireName;
    }

    /** The learning task that serves a charter's task type. */
    public static LearningTask of(TaskType type) {
        return type.classification() ? CLASSIFICATION : REGRESSION;
    }

    /** The task of this wire name, or {@code null} when it is not one. */
    static LearningTask byWireName(String name) {
        for (LearningTask task : values()) {
            if (task.wireName.equals(name)) {
                return task;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
