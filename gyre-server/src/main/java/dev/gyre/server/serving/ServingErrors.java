package dev.gyre.server.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * The error bodies of the inference protocols, and which protocol a request path belongs to, so that errors raised
 * outside a handler (no such route, a missing token, a body past the size limit) are answered in the shape the
 * caller's client reads.
 */
public final class ServingErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServingErrors() {
    }

    /** An inference protocol, by its error shape. */
    public enum Protocol {
        /** Open Inference Protocol v2: {@code {"error": "..."}}. */
        OIP_V2("v2"),
        /** KServe V1: {@code {"error": "..."}}. */
        KSERVE_V1("v1"),
        /** MLflow scoring: {@code {"error_code": "BAD_REQUEST", "message": "..."}}. */
        MLFLOW("mlflow"),
        /** Gyre's native API: {@code {"error_code", "message", "request_id"}}. */
        NATIVE("native");

        private final String tag;

        Protocol(String tag) {
            this.tag = tag;
        }

        /** The value of the {@code protocol} tag of the serving meters. */
        public String tag() {
            return tag;
        }
    }

    /**
     * The protocol whose error shape a path takes, or {@code null} for the platform's own shape (which the native
     * prediction route shares).
     */
    public static Protocol protocolOf(String path) {
        if (path == null) {
            return null;
        }
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            return Protocol.OIP_V2;
        }
        if (path.startsWith("/v1/models/") || path.equals("/v1/models")) {
            return Protocol.KSERVE_V1;
        }
        if (path.equals("/invocations")) {
            return Protocol.MLFLOW;
        }
        return null;
    }

    /**
     * The UTF-8 JSON error body of a protocol.
     *
     * @param code      the error's code (MLflow scoring names an invalid request {@code BAD_REQUEST})
     * @param requestId the request id, written only in the native shape; may be {@code null}
     */
    public static byte[] body(Protocol protocol, ErrorCode code, String message, String requestId) {
        ObjectNode out = JSON.createObjectNode();
        switch (protocol) {
            case OIP_V2, KSERVE_V1 -> out.put("error", message);
            case MLFLOW -> {
                out.put("error_code", code == ErrorCode.INVALID_PARAMETER_VALUE ? "BAD_REQUEST" : code.name());
                out.put("message", message);
            }
            case NATIVE -> {
                out.put("error_code", code.name());
                out.put("message", message);
                if (requestId != null) {
                    out.put("request_id", requestId);
                }
            }
            default -> throw new IllegalStateException(protocol.name());
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"error\"}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
