package dev.gyre.data.version;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;

/** JSON of {@link DataVersionService}: checks of client documents, and the states written to the audit log. */
final class VersionJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VersionJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Checks that a client's document is JSON; {@code null} passes.
     *
     * @throws GyreException.InvalidArgument saying where the JSON breaks
     */
    static void require(String text, String what) {
        if (text == null) {
            return;
        }
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new GyreException.InvalidArgument("The " + what + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        }
    }

    /** A version as the audit log records it (without schema and profile, which may be large). */
    static ObjectNode version(DataVersion v) {
        ObjectNode node = status(v).put("sha256", v.sha256()).put("kind", v.kind().wireName())
                .put("format", v.format()).put("size_bytes", v.sizeBytes()).put("file_count", v.fileCount())
                .put("source_uri", v.sourceUri()).put("produced_by_step", v.producedByStep())
                .put("split_role", v.splitRole() == null ? null : v.splitRole().wireName());
        var parents = node.putArray("parent_ids");
        v.parentIds().forEach(parents::add);
        return node;
    }

    /** The validation state of a version. */
    static ObjectNode status(DataVersion v) {
        return JSON.createObjectNode().put("id", v.id()).put("ref", v.ref().toString())
                .put("status", v.status().wireName()).put("validation_round", v.validationRound());
    }
}
