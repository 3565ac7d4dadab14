package dev.gyre.client;

/**
 * Any failure of a {@link GyreClient} call: an error answer of the platform, or a problem reaching
 * it. The {@linkplain #getMessage() message} is meant for people; for API errors it is the
 * platform's own message, which says how to fix the problem.
 */
public class GyreClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;
    private final String requestId;
    private final boolean unreachable;

    /**
     * @param status    the HTTP status, {@code 0} when no answer was received
     * @param errorCode the platform's {@code error_code}, e.g. {@code RESOURCE_DOES_NOT_EXIST}; {@code null} if none
     * @param message   what went wrong and how to fix it
     * @param requestId the platform's {@code request_id}, {@code null} if none
     * @param cause     the underlying exception, if any
     */
    public GyreClientException(int status, String errorCode, String message, String requestId, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.unreachable = false;
    }

    private GyreClientException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.status = 0;
        this.errorCode = null;
        this.requestId = null;
        this.unreachable = unreachable;
    }

    /** The platform at {@code url} could not be reached (nothing listening, unknown host, connect timeout). */
    static GyreClientException unreachable(String url, Throwable cause) {
        return new GyreClientException("Cannot reach the Gyre platform at " + url
                + ": is it running? Start it with `gyre server`, or point --url / GYRE_URL at it.", cause, true);
    }

    /** A failure that happened before or without an answer of the platform. */
    public GyreClientException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** The HTTP status of the platform's answer, or {@code 0} when there was none (e.g. connection refused). */
    public int status() {
        return status;
    }

    /** The platform's {@code error_code}, e.g. {@code PERMISSION_DENIED}, or {@code null}. */
    public String errorCode() {
        return errorCode;
    }

    /** The platform's {@code request_id} of the failed request (quote it when reporting a problem), or {@code null}. */
    public String requestId() {
        return requestId;
    }

    /** Whether the platform could not be reached at all. */
    public boolean isUnreachable() {
        return unreachable;
    }
}
