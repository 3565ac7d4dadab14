package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of {@code GET /healthz}.
 *
 * @param status  {@code ok} when the platform process is up
 * @param version the platform's version, e.g. {@code 0.1.0}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(String status, String version) {
}
