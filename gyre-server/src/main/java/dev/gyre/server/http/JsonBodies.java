package dev.gyre.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.gyre.core.GyreException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies with a size limit and turns every parse problem into a 400 that says
 * where the JSON is wrong.
 */
public final class JsonBodies {

    private final ObjectMapper mapper;
    private final long maxBytes;

    public JsonBodies(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    /**
     * Parses the body into {@code type}.
     *
     * @throws GyreException.InvalidArgument for an empty or malformed body or a wrong field
     * @throws GyreException.TooLarge        above the configured limit
     */
    public <T> T read(Context ctx, Class<T> type, String example) {
        byte[] bytes = readBytes(ctx);
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new GyreException.InvalidArgument("The request body is empty; send JSON such as " + example + ".");
        }
        return parse(bytes, type, example);
    }

    /**
     * Parses the body into {@code type} as {@link #read} does, or answers {@code empty} for a body that is empty
     * (a route whose fields are all optional).
     */
    public <T> T readOptional(Context ctx, Class<T> type, String example, T empty) {
        byte[] bytes = readBytes(ctx);
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return empty;
        }
        return parse(bytes, type, example);
    }

    private <T> T parse(byte[] bytes, Class<T> type, String example) {
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new GyreException.InvalidArgument("The request body is JSON null; send an object such as " + example + ".");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new GyreException.InvalidArgument("Unknown field '" + e.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : "; known fields: " + known) + ".");
        } catch (InvalidFormatException e) {
            throw new GyreException.InvalidArgument("Field '" + fieldPath(e) + "' has the wrong type: got "
                    + e.getValue() + ", expected " + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ".");
        } catch (MismatchedInputException e) {
            String field = fieldPath(e);
            throw new GyreException.InvalidArgument(field.isEmpty()
                    ? "The request body must be a JSON object such as " + example + "."
                    : "Field '" + field + "' has the wrong type; see the API docs at /api/docs.");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new GyreException.InvalidArgument("Malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Could not read the request body: " + e.getMessage());
        }
    }

    /**
     * Parses the body as a JSON object tree; an empty body is an empty object (MLflow clients send
     * bodiless POSTs and DELETEs).
     *
     * @throws GyreException.InvalidArgument for malformed JSON or a body that is not an object
     * @throws GyreException.TooLarge        above the configured limit
     */
    public com.fasterxml.jackson.databind.node.ObjectNode readObject(Context ctx) {
        byte[] bytes = readBytes(ctx);
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new GyreException.InvalidArgument("The request body must be a JSON object.");
            }
            return (com.fasterxml.jackson.databind.node.ObjectNode) tree;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new GyreException.InvalidArgument("Malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Could not read the request body: " + e.getMessage());
        }
    }

    /**
     * The body as UTF-8 text, for documents that are not JSON (a charter written in YAML).
     *
     * @throws GyreException.InvalidArgument for an empty body
     * @throws GyreException.TooLarge        above the configured limit
     */
    public String readText(Context ctx, String what) {
        byte[] bytes = readBytes(ctx);
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new GyreException.InvalidArgument("The request body is empty; send " + what + ".");
        }
        return text;
    }

    private byte[] readBytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Could not read the request body: " + e.getMessage());
        }
    }

    private GyreException tooLarge() {
        return new GyreException.TooLarge("The request body is larger than " + maxBytes + " bytes; send less, "
                + "or raise max_request_bytes in the server configuration.");
    }

    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
