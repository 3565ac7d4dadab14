package dev.gyre.validation.card;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a model card says that the validation report does not: the version's identity, the charter's problem
 * statement (its intended use), the training lineage and the features.
 *
 * @param modelName        the registered model; never blank
 * @param version          the version
 * @param project          the project, or {@code null}
 * @param problemStatement the charter's problem statement, or {@code null}
 * @param params           the model's hyperparameters by name (sorted)
 * @param runId            the run that produced the version, or {@code null}
 * @param gitCommit        the source commit recorded with the run, or {@code null}
 * @param dataVersions     the data versions the model was trained and tested on, e.g. {@code passengers-train@1}
 * @param features         the model's input features after the feature pipeline, in model order
 * @param featuresHash     the hash of the feature spec, or {@code null}
 * @param validatedBy      who ran the validation
 * @param validatedAt      when
 */
public record CardFacts(String modelName, int version, String project, String problemStatement,
                        Map<String, String> params, String runId, String gitCommit, List<String> dataVersions,
                        List<String> features, String featuresHash, String validatedBy, Instant validatedAt) {

    public CardFacts {
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("a model card needs the model's name");
        }
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
        dataVersions = dataVersions == null ? List.of() : List.copyOf(dataVersions);
        features = features == null ? List.of() : List.copyOf(features);
        Objects.requireNonNull(validatedAt, "validatedAt");
        validatedBy = validatedBy == null ? "" : validatedBy;
    }
}
