package dev.gyre.data.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.data.ingest.IngestFormat;
import dev.gyre.data.ingest.IngestOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tabular version's {@code schema_json} holds: the columns with their types and the ingest options
 * the bytes were read with, so every later read parses the bytes exactly as the first one did (same
 * delimiter, header, encoding, and every column's type fixed).
 *
 * <pre>{@code {"columns": [{"name": "Age", "type": "numeric"}, …],
 *  "ingest": {"format": "csv", "delimiter": ",", "header": "present", "encoding": "UTF-8"}}}</pre>
 */
record StoredFormat(IngestFormat format, Schema schema, IngestOptions options) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode columns = root.putArray("columns");
        for (Field field : schema.fields()) {
            columns.addObject().put("name", field.name()).put("type", field.type().wireName());
        }
        ObjectNode ingest = root.putObject("ingest");
        ingest.put("format", format.wireName());
        if (options.delimiter() != null) {
            ingest.put("delimiter", options.delimiter().toString());
        }
        ingest.put("header", options.header().name().toLowerCase(java.util.Locale.ROOT));
        ingest.put("encoding", options.encoding().name());
        return root.toString();
    }

    /** The options to read the bytes again: the stored ones with every column's type fixed. */
    IngestOptions readOptions() {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (Field field : schema.fields()) {
            types.put(field.name(), field.type());
        }
        return options.withTypeOverrides(types);
    }

    static StoredFormat parse(String json) {
        if (json == null) {
            throw new GyreException.InvalidArgument("This version has no recorded table format; it is not tabular data"
                    + " (a folder, or added before profiling).");
        }
        try {
            JsonNode root = JSON.readTree(json);
            List<Field> fields = new ArrayList<>();
            for (JsonNode column : root.path("columns")) {
                fields.add(new Field(column.path("name").asText(), ColumnType.fromWireName(column.path("type").asText())));
            }
            JsonNode ingest = root.path("ingest");
            IngestOptions options = IngestOptions.defaults();
            if (ingest.hasNonNull("delimiter")) {
                options = options.withDelimiter(ingest.get("delimiter").asText().charAt(0));
            }
            if (ingest.hasNonNull("header")) {
                options = options.withHeader(IngestOptions.Header.valueOf(ingest.get("header").asText()
                        .toUpperCase(java.util.Locale.ROOT)));
            }
            if (ingest.hasNonNull("encoding")) {
                options = options.withEncoding(ingest.get("encoding").asText());
            }
            return new StoredFormat(IngestFormat.fromName(ingest.path("format").asText("csv")), new Schema(fields), options);
        } catch (IOException | IllegalArgumentException e) {
            throw new GyreException.Internal("The stored format of a version is unreadable: " + e.getMessage(), e);
        }
    }
}
