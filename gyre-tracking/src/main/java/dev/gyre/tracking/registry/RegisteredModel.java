package dev.gyre.tracking.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered model, with MLflow's fields.
 *
 * @param name                 unique name, at most {@value RegistryService#MAX_MODEL_NAME_LENGTH} characters
 * @param projectId            the project it belongs to, or {@code null}
 * @param description          free text or {@code null}
 * @param creationTimestamp    epoch milliseconds
 * @param lastUpdatedTimestamp epoch milliseconds
 * @param tags                 tags ordered by key
 * @param latestVersions       for each stage that has versions, the newest version in it, by version number
 * @param aliases              aliases ordered by name
 */
public record RegisteredModel(String name, Long projectId, String description, long creationTimestamp,
                              long lastUpdatedTimestamp, Map<String, String> tags,
                              List<ModelVersion> latestVersions, List<RegisteredModelAlias> aliases) {
    public RegisteredModel {
        Objects.requireNonNull(name, "name");
        tags = Tags.copy(tags);
        latestVersions = latestVersions == null ? List.of() : List.copyOf(latestVersions);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
