package dev.gyre.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How two versions' profiles differ.
 *
 * @param text the platform's readable rendering, for people
 * @param json the whole answer: the profile diff (schema changes, row counts, per-column shifts) and {@code text}
 */
public record DataDiff(String text, JsonNode json) {
}
