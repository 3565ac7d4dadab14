package dev.gyre.serving.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One decoded prediction request, whatever protocol carried it: tabular records plus the optional request id and
 * parameters the caller sent.
 *
 * <p>Each record maps a column name to a {@link String}, {@link Double}, {@link Long}, {@link Boolean} or
 * {@code null} (a missing value). Decoders check the wire format only; whether the columns match the model's
 * signature is checked by whoever runs the model.
 *
 * @param records    at least one record, in request order; unmodifiable, record maps keep column order
 * @param id         the caller's request id, if the protocol carries one
 * @param parameters request parameters (scalars, or lists of scalars for MLflow {@code params}); unmodifiable
 */
public record InferenceRequest(List<Map<String, Object>> records, Optional<String> id, Map<String, Object> parameters) {

    /** Copies the records and parameters into unmodifiable, order-keeping collections. */
    public InferenceRequest {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parameters, "parameters");
        List<Map<String, Object>> copy = new ArrayList<>(records.size());
        for (Map<String, Object> record : records) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(record, "record"))));
        }
        records = Collections.unmodifiableList(copy);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Records without id or parameters. */
    public static InferenceRequest of(List<Map<String, Object>> records) {
        return new InferenceRequest(records, Optional.empty(), Map.of());
    }

    /** The number of records. */
    public int size() {
        return records.size();
    }
}
