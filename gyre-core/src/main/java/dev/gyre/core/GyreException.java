package dev.gyre.core;

import java.util.Objects;

/**
 * The one error hierarchy of Gyre. Every failure a user can cause or see is one of these, and the
 * server maps them to HTTP in exactly one place. Messages are written for the user: they say what
 * was wrong and how to fix it, and never contain a stack trace or internal paths.
 */
public abstract sealed class GyreException extends RuntimeException
        permits GyreException.NotFound,
                GyreException.AlreadyExists,
                GyreException.InvalidArgument,
                GyreException.Conflict,
                GyreException.Unauthenticated,
                GyreException.PermissionDenied,
                GyreException.NotReady,
                GyreException.TooLarge,
                GyreException.Internal {

    private static final long serialVersionUID = 1L;

    private GyreException(String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
    }

    /** The MLflow-vocabulary code this error maps to. */
    public abstract ErrorCode code();

    /** A resource that was named does not exist. */
    public static final class NotFound extends GyreException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message, null);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.RESOURCE_DOES_NOT_EXIST;
        }
    }

    /** A resource with the same identity already exists. */
    public static final class AlreadyExists extends GyreException {
        private static final long serialVersionUID = 1L;

        public AlreadyExists(String message) {
            super(message, null);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.RESOURCE_ALREADY_EXISTS;
        }
    }

    /** The caller sent a value that is not acceptable; the message says which and why. */
    public static final class InvalidArgument extends GyreException {
        private static final long serialVersionUID = 1L;

        public InvalidArgument(String message) {
            super(message, null);
        }

        public InvalidArgument(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.INVALID_PARAMETER_VALUE;
        }
    }

    /** The request is valid but conflicts with the current state (e.g. a write-once value). */
    public static final class Conflict extends GyreException {
        private static final long serialVersionUID = 1L;

        public Conflict(String message) {
            super(message, null);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.RESOURCE_CONFLICT;
        }
    }

    /** No valid credentials were presented. */
    public static final class Unauthenticated extends GyreException {
        private static final long serialVersionUID = 1L;

        public Unauthenticated(String message) {
            super(message, null);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.UNAUTHENTICATED;
        }
    }

    /** The caller is known but may not do this. */
    public static final class PermissionDenied extends GyreException {
        private static final long serialVersionUID = 1L;

        public PermissionDenied(String message) {
            super(message, null);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.PERMISSION_DENIED;
        }
    }

    /** A dependency (store, model) is not ready yet; retrying later may succeed. */
    public static final class NotReady extends GyreException {
        private static final long serialVersionUID = 1L;

        public NotReady(String message) {
            super(message, null);
        }

        public NotReady(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.TEMPORARILY_UNAVAILABLE;
        }
    }

    /** The request body or upload is larger than the configured limit. */
    public static final class TooLarge extends GyreException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String message) {
            super(message, null);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.REQUEST_LIMIT_EXCEEDED;
        }
    }

    /**
     * A failure of Gyre or of a third-party component, wrapped once at the boundary ("unable to X").
     * The message is safe to show; the cause is logged, never sent.
     */
    public static final class Internal extends GyreException {
        private static final long serialVersionUID = 1L;

        public Internal(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.INTERNAL_ERROR;
        }
    }
}
