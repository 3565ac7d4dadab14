package dev.gyre.pipelines;

import dev.gyre.pipelines.internal.Canonical;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The cache key of a step run: the SHA-256 of the canonical JSON of {@code {kind, params, inputs,
 * code_version}}, where {@code params} are the effective parameters (after overrides and {@code goto} sets) and
 * {@code inputs} the content ids of what the step reads (upstream steps' outputs). Two step runs with the same key
 * would compute the same thing, so a successful one is reused. Map order, and a number's Java type
 * ({@code 6} vs {@code 6.0}), do not change the key.
 *
 * @param hash 64 lowercase hex digits
 */
public record StepKey(String hash) {
    public StepKey {
        Objects.requireNonNull(hash, "hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("A step key is 64 lowercase hex digits, got '" + hash + "'.");
        }
    }

    /** The key of running {@code kind} with these params and inputs under {@code codeVersion}. */
    public static StepKey of(StepKind kind, Map<String, ?> params, Map<String, String> inputs, String codeVersion) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codeVersion, "codeVersion");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("kind", kind.id());
        content.put("params", params == null ? Map.of() : params);
        content.put("inputs", inputs == null ? Map.of() : inputs);
        content.put("code_version", codeVersion);
        return new StepKey(Canonical.sha256(content));
    }

    /** The key of a step description (its kind, params, inputs and code version). */
    public static StepKey of(StepDescription step) {
        return of(step.kind(), step.params(), step.inputs(), step.codeVersion());
    }

    @Override
    public String toString() {
        return hash;
    }
}
