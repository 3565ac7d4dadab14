package dev.gyre.tracking.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens: URL-safe base64 of a small JSON object. Search pages carry
 * {@code {"offset": N}} as MLflow does; metric histories carry the (step, timestamp, is_nan, value)
 * of the last point returned.
 */
public final class PageTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PageTokens() {
    }

    /** The token of an offset. */
    public static String offset(long offset) {
        ObjectNode node = JSON.createObjectNode().put("offset", offset);
        return encode(node);
    }

    /** The offset in a token; {@code null} or empty means 0. */
    public static long offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        JsonNode node = decode(token);
        JsonNode offset = node.get("offset");
        if (offset == null || !offset.canConvertToLong() || offset.asLong() < 0) {
            throw bad();
        }
        return offset.asLong();
    }

    /** The position after one metric point. */
    public record MetricPosition(long step, long timestamp, boolean isNan, double value) {
    }

    /** The token continuing after this point. */
    public static String metricPosition(MetricPosition position) {
        ObjectNode node = JSON.createObjectNode()
                .put("step", position.step())
                .put("timestamp", position.timestamp())
                .put("is_nan", position.isNan())
                .put("value", Double.toString(position.value()));
        return encode(node);
    }

    /** The position in a token, or {@code null} for the first page. */
    public static MetricPosition metricPosition(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        JsonNode node = decode(token);
        try {
            JsonNode step = node.get("step");
            JsonNode timestamp = node.get("timestamp");
            JsonNode isNan = node.get("is_nan");
            JsonNode value = node.get("value");
            if (step == null || timestamp == null || isNan == null || value == null
                    || !step.canConvertToLong() || !timestamp.canConvertToLong() || !isNan.isBoolean()) {
                throw bad();
            }
            return new MetricPosition(step.asLong(), timestamp.asLong(), isNan.asBoolean(),
                    Double.parseDouble(value.asText()));
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    private static String encode(ObjectNode node) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode decode(String token) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token.strip().replace('+', '-').replace('/', '_'));
            JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw bad();
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw bad();
        }
    }

    private static GyreException.InvalidArgument bad() {
        return new GyreException.InvalidArgument("Invalid page token: pass back the next_page_token of the previous"
                + " response unchanged, or none for the first page.");
    }
}
