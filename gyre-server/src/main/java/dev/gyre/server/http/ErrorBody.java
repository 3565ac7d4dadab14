package dev.gyre.server.http;

/**
 * The one JSON shape of every error: {@code {"error_code": "...", "message": "...", "request_id": "..."}}.
 * The first two fields are MLflow's; the request id lets a user quote the failure to an operator.
 */
public record ErrorBody(String errorCode, String message, String requestId) {
}
