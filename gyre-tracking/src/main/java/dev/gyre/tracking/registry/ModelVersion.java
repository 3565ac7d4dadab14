package dev.gyre.tracking.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One numbered version of a registered model, with MLflow's fields plus Gyre's lineage.
 *
 * @param name                 the registered model's name
 * @param version              the version number, from 1, never reused within a model
 * @param creationTimestamp    epoch milliseconds
 * @param lastUpdatedTimestamp epoch milliseconds
 * @param userId               user name of who registered it, or {@code null}
 * @param currentStage         the (deprecated) stage
 * @param description          free text or {@code null}
 * @param source               the source exactly as given at registration
 * @param storageLocation      where the files are: the confined path inside Gyre's artifact store
 * @param runId                the producing run, or {@code null}
 * @param runLink              a link to the run, or {@code null}
 * @param status               registration status
 * @param statusMessage        text explaining the status, or {@code null}
 * @param tags                 tags ordered by key
 * @param aliases              aliases pointing at this version, ordered
 * @param lineage              where it came from
 */
public record ModelVersion(String name, int version, long creationTimestamp, long lastUpdatedTimestamp,
                           String userId, ModelVersionStage currentStage, String description, String source,
                           String storageLocation, String runId, String runLink, ModelVersionStatus status,
                           String statusMessage, Map<String, String> tags, List<String> aliases, Lineage lineage) {
    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currentStage, "currentStage");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(storageLocation, "storageLocation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lineage, "lineage");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
        tags = Tags.copy(tags);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
