package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the platform reads a tabular file when it profiles a new version. Every field is optional:
 * {@code null} leaves the platform's default.
 *
 * @param delimiter  the CSV field separator: {@code ,} {@code ;} a tab or {@code |} (default: tab for
 *                   {@code .tsv}, comma otherwise)
 * @param header     whether the first CSV row names the columns (default {@code true})
 * @param encoding   the character set of CSV and JSON lines text (default UTF-8)
 * @param types      column name → type ({@code numeric}, {@code categorical}, {@code text}, {@code boolean},
 *                   {@code timestamp}), replacing inference for those columns
 * @param sampleRows rows read before the schema is decided (default 10 000)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataIngestOptions(
        @JsonProperty("delimiter") String delimiter,
        @JsonProperty("header") Boolean header,
        @JsonProperty("encoding") String encoding,
        @JsonProperty("types") Map<String, String> types,
        @JsonProperty("sample_rows") Integer sampleRows) {

    /** Nothing set: the platform's defaults. */
    public static final DataIngestOptions DEFAULTS = new DataIngestOptions(null, null, null, null, null);

    public DataIngestOptions {
        types = types == null || types.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    /** Whether nothing is set. */
    @JsonIgnore
    public boolean isDefault() {
        return delimiter == null && header == null && encoding == null && types == null && sampleRows == null;
    }
}
