package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A deployment on the platform, as {@code GET /api/v1/deployments/{name}} answers.
 *
 * @param name            the deployment name
 * @param model           the registered model
 * @param alias           the alias it follows, or {@code null} for a fixed version
 * @param version         the fixed version, or {@code null} when it follows an alias
 * @param target          {@code model@alias} or {@code model/version}
 * @param primaryVersion  the version that answers unless the canary is drawn
 * @param canary          the canary split, or {@code null}
 * @param shadowVersion   the version receiving a copy of every request, or {@code null}
 * @param stickyHeader    the request header pinning callers to one side of the split, or {@code null}
 * @param previousVersion what a rollback returns to, or {@code null}
 * @param state           {@code serving}, or {@code failed} when its models could not be loaded
 * @param failure         why it is not served, or {@code null}
 * @param aliasVersion    the version the alias named when the deployment last followed it, or {@code null}
 * @param loadedVersions  the model's versions loaded in the platform
 * @param createdBy       who created it
 * @param createdAt       when
 * @param updatedBy       who changed it last ({@code platform} when it followed its alias)
 * @param updatedAt       when
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Deployment(
        @JsonProperty("name") String name,
        @JsonProperty("model") String model,
        @JsonProperty("alias") String alias,
        @JsonProperty("version") Integer version,
        @JsonProperty("target") String target,
        @JsonProperty("primary_version") int primaryVersion,
        @JsonProperty("canary") Canary canary,
        @JsonProperty("shadow_version") Integer shadowVersion,
        @JsonProperty("sticky_header") String stickyHeader,
        @JsonProperty("previous_version") Integer previousVersion,
        @JsonProperty("state") String state,
        @JsonProperty("failure") String failure,
        @JsonProperty("alias_version") Integer aliasVersion,
        @JsonProperty("loaded_versions") List<Integer> loadedVersions,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_by") String updatedBy,
        @JsonProperty("updated_at") Instant updatedAt) {

    /**
     * A canary split.
     *
     * @param version the canary version
     * @param percent the share of requests it answers, 0 to 100
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Canary(@JsonProperty("version") int version, @JsonProperty("percent") int percent) {
    }

    /** Whether the platform serves it (its models loaded). */
    public boolean serving() {
        return "serving".equals(state);
    }
}
