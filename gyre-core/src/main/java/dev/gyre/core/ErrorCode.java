package dev.gyre.core;

/**
 * Error codes in MLflow's vocabulary, so that MLflow clients and Gyre's own clients read the same
 * {@code {"error_code": ..., "message": ...}} shape. Each code carries the HTTP status of the native
 * API; the MLflow-compatible routes may map some codes differently (see {@link #mlflowStatus()}).
 */
public enum ErrorCode {
    INVALID_PARAMETER_VALUE(400, 400),
    RESOURCE_DOES_NOT_EXIST(404, 404),
    RESOURCE_ALREADY_EXISTS(409, 400),
    RESOURCE_CONFLICT(409, 409),
    UNAUTHENTICATED(401, 401),
    PERMISSION_DENIED(403, 403),
    TEMPORARILY_UNAVAILABLE(503, 503),
    REQUEST_LIMIT_EXCEEDED(413, 413),
    ENDPOINT_NOT_FOUND(404, 404),
    METHOD_NOT_ALLOWED(405, 405),
    INTERNAL_ERROR(500, 500);

    private final int httpStatus;
    private final int mlflowStatus;

    ErrorCode(int httpStatus, int mlflowStatus) {
        this.httpStatus = httpStatus;
        this.mlflowStatus = mlflowStatus;
    }

    /** The HTTP status on Gyre's native API. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The HTTP status MLflow's own server answers with for this code. */
    public int mlflowStatus() {
        return mlflowStatus;
    }
}
