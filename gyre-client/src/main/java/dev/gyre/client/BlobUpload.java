package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The platform's answer to a blob upload.
 *
 * @param sha256   the blob's name: the SHA-256 of its bytes
 * @param size     its size in bytes
 * @param uploaded {@code true} when these bytes were stored now, {@code false} when the platform had them already
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlobUpload(
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") long size,
        @JsonProperty("uploaded") boolean uploaded) {
}
