package dev.gyre.training.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** Writes and parses the model envelope documented on {@link dev.gyre.training.ModelReaders}. */
public final class ModelEnvelope {

    /** The JSON mapper shared by the JSON payload formats. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private static final byte[] MAGIC = {'G', 'Y', 'R', 'M'};
    private static final byte VERSION = 1;

    /** A parsed envelope. */
    public record Parsed(ModelHeader header, byte[] payload) {
    }

    private ModelEnvelope() {
    }

    /** The envelope of a header and its payload. */
    public static byte[] write(ModelHeader header, byte[] payload) {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", header.format());
        json.put("algorithm", header.algorithm());
        json.put("task", header.task().wireName());
        json.put("seed", header.seed());
        json.set("params", JSON.valueToTree(header.params()));
        ArrayNode names = json.putArray("feature_names");
        header.featureNames().forEach(names::add);
        ArrayNode classes = json.putArray("classes");
        header.classes().forEach(classes::add);
        byte[] head;
        try {
            head = JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write the model header", e);
        }
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + 4 + head.length + 4 + payload.length + 4);
        out.put(MAGIC).put(VERSION).putInt(head.length).put(head).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /**
     * Parses an envelope.
     *
     * @throws GyreException.InvalidArgument when the bytes are not an envelope or are damaged
     */
    public static Parsed parse(byte[] bytes) {
        if (bytes == null || bytes.length < 17 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1]
                || bytes[2] != MAGIC[2] || bytes[3] != MAGIC[3]) {
            throw new GyreException.InvalidArgument("these bytes are not a Gyre model (no GYRM envelope); "
                    + "give the bytes written by a model's serialize()");
        }
        if (bytes[4] != VERSION) {
            throw new GyreException.InvalidArgument("the model envelope has version " + bytes[4]
                    + ", which this version of Gyre cannot read (it reads version " + VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if ((int) crc.getValue() != in.getInt(bytes.length - 4)) {
            throw damaged("its checksum does not match");
        }
        in.position(5);
        byte[] head = take(in, bytes.length - 4);
        byte[] payload = take(in, bytes.length - 4);
        if (in.position() != bytes.length - 4) {
            throw damaged("it has stray bytes after the payload");
        }
        return new Parsed(header(head), payload);
    }

    private static byte[] take(ByteBuffer in, int limit) {
        if (in.position() + 4 > limit) {
            throw damaged("it is truncated");
        }
        int length = in.getInt();
        if (length < 0 || in.position() + length > limit) {
            throw damaged("it is truncated");
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private static ModelHeader header(byte[] head) {
        try {
            JsonNode json = JSON.readTree(new String(head, StandardCharsets.UTF_8));
            LearningTask task = null;
            for (LearningTask t : LearningTask.values()) {
                if (t.wireName().equals(json.path("task").asText())) {
                    task = t;
                }
            }
            if (task == null || !json.path("format").isTextual() || !json.path("algorithm").isTextual()
                    || !json.path("seed").canConvertToLong() || !json.path("params").isObject()) {
                throw damaged("its header lacks a field");
            }
            Map<String, Object> params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : json.get("params").properties()) {
                params.put(e.getKey(), JSON.treeToValue(e.getValue(), Object.class));
            }
            return new ModelHeader(json.get("format").asText(), json.get("algorithm").asText(), task, params,
                    json.get("seed").asLong(), strings(json.path("feature_names")), strings(json.path("classes")));
        } catch (JsonProcessingException e) {
            throw damaged("its header is not JSON");
        }
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            throw damaged("its header lacks a list");
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static GyreException.InvalidArgument damaged(String why) {
        return new GyreException.InvalidArgument("the model bytes are damaged (" + why
                + "); serialise the model again from its source");
    }
}
