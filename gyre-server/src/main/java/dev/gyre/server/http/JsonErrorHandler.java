package dev.gyre.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before any route sees them (a URI that is not valid UTF-8
 * or not a valid URI, a malformed request line): the same JSON error body as every other error,
 * instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object code = request.getAttribute(ERROR_STATUS);
        if (code instanceof Integer given) {
            status = given;
        }
        Object message = request.getAttribute(ERROR_MESSAGE);
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.write(true, ByteBuffer.wrap(body(status, message == null ? null : message.toString(), requestId)), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (fields != null) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        return ByteBuffer.wrap(body(status, reason, UUID.randomUUID().toString()));
    }

    private byte[] body(int status, String reason, String requestId) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413, 414, 431 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_PARAMETER_VALUE;
        };
        String message = "The server refused the request before reading it (HTTP " + status
                + (reason == null || reason.isBlank() ? "" : ": " + reason)
                + "). Check that the URL is percent-encoded UTF-8 and the request is well-formed.";
        try {
            return mapper.writeValueAsBytes(new ErrorBody(code.name(), message, requestId));
        } catch (JsonProcessingException e) {
            return ("{\"error_code\":\"" + code.name() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
