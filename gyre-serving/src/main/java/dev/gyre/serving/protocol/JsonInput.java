package dev.gyre.serving.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gyre.core.GyreException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads request bodies under {@link CodecLimits}: strict UTF-8, one JSON value, no duplicate keys, no NaN or
 * Infinity tokens, bounded depth and string length; and converts JSON scalars to record values.
 */
final class JsonInput {

    private final CodecLimits limits;
    private final ObjectMapper mapper;

    JsonInput(CodecLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxNumberLength(400)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    CodecLimits limits() {
        return limits;
    }

    /** Refuses a missing, empty or oversized body. */
    static void checkBody(byte[] body, CodecLimits limits, String protocol) {
        if (body == null || body.length == 0) {
            throw invalid("The " + protocol + " request body is empty; send a JSON object.");
        }
        if (body.length > limits.maxBodyBytes()) {
            throw invalid("The request body has " + body.length + " bytes; the limit is " + limits.maxBodyBytes()
                    + " bytes (maxBodyBytes). Send fewer records per request.");
        }
    }

    /** Decodes strict UTF-8 (a leading byte-order mark is skipped), naming the offset of the first bad byte. */
    static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw invalid("The request body is not valid UTF-8 (bad byte at offset " + in.position()
                    + "); encode the body as UTF-8.");
        }
        decoder.flush(out);
        out.flip();
        if (out.length() > 0 && out.charAt(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }

    /** Parses the body as one JSON value. */
    JsonNode parse(byte[] body, String protocol) {
        checkBody(body, limits, protocol);
        String text = utf8(body);
        if (text.isBlank()) {
            throw invalid("The " + protocol + " request body is blank; send a JSON object.");
        }
        try {
            return mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            throw invalid(constraintMessage(e), e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw invalid("The request body is not valid JSON" + where + ": " + clip(e.getOriginalMessage())
                    + ". NaN and Infinity are not JSON (send null for a missing value) and keys may not repeat.", e);
        } catch (IOException | RuntimeException e) {
            throw invalid("The request body could not be read as JSON; send one JSON object.", e);
        }
    }

    private String constraintMessage(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("nesting depth")) {
            return "The request nests JSON deeper than " + limits.maxDepth() + " levels (maxDepth); flatten it.";
        }
        if (m.contains("string value length") || m.contains("name length")) {
            return "A JSON string or key is longer than " + limits.maxStringLength()
                    + " characters (maxStringLength); shorten it.";
        }
        if (m.contains("number value length")) {
            return "A JSON number has too many digits; send at most 400.";
        }
        return "The request exceeds a JSON limit: " + clip(e.getOriginalMessage());
    }

    /** Converts a JSON scalar into a record value: String, Long, Double, Boolean or null. */
    static Object cell(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                return node.longValue();
            }
            return finite(new BigInteger(node.asText()).doubleValue(), where);
        }
        if (node.isNumber()) {
            return finite(node.doubleValue(), where);
        }
        throw invalid(where + " is " + describe(node) + "; a value must be a string, number, boolean or null.");
    }

    static double finite(double value, String where) {
        if (!Double.isFinite(value)) {
            throw invalid(where + " is a number outside the range of a 64-bit float; send a smaller number.");
        }
        return value;
    }

    /** "an object", "an array", "a string", ... for messages. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return node.isNull() ? "null" : "an unsupported value";
    }

    /** Requires an object at the top of the body. */
    static JsonNode requireObject(JsonNode root, String protocol, String example) {
        if (root == null || !root.isObject()) {
            throw invalid("The " + protocol + " request body must be a JSON object such as " + example + ", not "
                    + describe(root) + ".");
        }
        return root;
    }

    static String clip(String s) {
        if (s == null) {
            return "unknown error";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }

    static GyreException.InvalidArgument invalid(String message, Throwable cause) {
        return new GyreException.InvalidArgument(message, cause);
    }
}
