package dev.gyre.serving.pkg;

import dev.gyre.features.FittedFeatures;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a model package says about the model version it holds: its registered name and version, the model's
 * algorithm, task and classes (copied from the model so that a reader need not load it), when the package was
 * made, where the model came from, the charter's success metric and the validation outcome. Fields documented
 * as optional are {@code null} when unknown.
 *
 * @param modelName     the registered model name
 * @param version       the registered version, e.g. {@code 3}
 * @param algorithm     the model's algorithm, as {@link TrainedModel#algorithm()}
 * @param task          the model's task
 * @param classes       the classes or cluster ids in prediction order; empty for regression
 * @param createdAt     when the package was written
 * @param lineage       where the model came from; optional
 * @param charterMetric the charter's success metric, e.g. {@code roc_auc}; optional
 * @param validation    the validation outcome; optional (a version registered without validation)
 */
public record PackageMetadata(String modelName, String version, String algorithm, LearningTask task,
                              List<String> classes, Instant createdAt, Lineage lineage, String charterMetric,
                              ValidationSummary validation) {

    public PackageMetadata {
        requireText(modelName, "modelName");
        requireText(version, "version");
        requireText(algorithm, "algorithm");
        Objects.requireNonNull(task, "task");
        classes = List.copyOf(classes);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Where a model came from; every field is optional.
     *
     * @param runId           the training run
     * @param dataVersions    the dataset versions it was trained on, e.g. {@code titanic@3}; empty when unknown
     * @param gitCommit       the commit of the project's code
     * @param featureSpecHash the SHA-256 of the feature spec ({@link FittedFeatures#specHash()})
     */
    public record Lineage(String runId, List<String> dataVersions, String gitCommit, String featureSpecHash) {
        public Lineage {
            dataVersions = dataVersions == null ? List.of() : List.copyOf(dataVersions);
        }
    }

    /**
     * The outcome of the version's validation.
     *
     * @param passed whether every blocking gate passed
     * @param gates  each gate by name with its status, e.g. {@code passed}, {@code failed}, {@code warned}
     */
    public record ValidationSummary(boolean passed, List<Gate> gates) {
        public ValidationSummary {
            gates = List.copyOf(gates);
        }
    }

    /**
     * One validation gate.
     *
     * @param name   the gate's name
     * @param status its status as the validation report writes it
     */
    public record Gate(String name, String status) {
        public Gate {
            requireText(name, "name");
            requireText(status, "status");
        }
    }

    /** Starts the metadata of a registered version. */
    public static Builder builder(String modelName, String version) {
        return new Builder(modelName, version);
    }

    /** Builds {@link PackageMetadata}; the model's own facts are taken from the model in {@link #build}. */
    public static final class Builder {
        private final String modelName;
        private final String version;
        private Instant createdAt;
        private String runId;
        private List<String> dataVersions = List.of();
        private String gitCommit;
        private String charterMetric;
        private ValidationSummary validation;

        private Builder(String modelName, String version) {
            this.modelName = modelName;
            this.version = version;
        }

        /** When the package was written; now when not set. */
        public Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        /** The training run, its dataset versions and the code's commit; any may be {@code null}. */
        public Builder lineage(String runId, List<String> dataVersions, String gitCommit) {
            this.runId = runId;
            this.dataVersions = dataVersions == null ? List.of() : dataVersions;
            this.gitCommit = gitCommit;
            return this;
        }

        /** The charter's success metric. */
        public Builder charterMetric(String value) {
            this.charterMetric = value;
            return this;
        }

        /** The validation outcome. */
        public Builder validation(ValidationSummary value) {
            this.validation = value;
            return this;
        }

        /** The metadata of {@code model} fitted with {@code features}. */
        public PackageMetadata build(TrainedModel model, FittedFeatures features) {
            Lineage lineage = new Lineage(runId, dataVersions, gitCommit, features.specHash());
            return new PackageMetadata(modelName, version, model.algorithm(), model.task(), model.classes(),
                    createdAt == null ? Instant.now() : createdAt, lineage, charterMetric, validation);
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
