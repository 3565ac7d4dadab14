package dev.gyre.cli;

/** A local problem the user can fix (missing file, no password given, …); its message says how. Exit code 1. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
