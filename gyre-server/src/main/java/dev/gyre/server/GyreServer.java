package dev.gyre.server;

import dev.gyre.server.config.ServerConfig;
import java.nio.file.Path;

/**
 * The running platform: stores, services and the HTTP server, wired here and nowhere else.
 * (Being built; the signatures below are the stable contract.)
 */
public final class GyreServer implements AutoCloseable {

    private GyreServer() {
    }

    /** Starts the platform: opens stores, runs migrations, bootstraps the admin user, listens. */
    public static GyreServer start(ServerConfig config) {
        throw new UnsupportedOperationException("not yet built");
    }

    /** The port the server listens on. */
    public int port() {
        throw new UnsupportedOperationException("not yet built");
    }

    /** {@code http://host:port} of this server. */
    public String baseUrl() {
        throw new UnsupportedOperationException("not yet built");
    }

    /** Where the bootstrap admin token was written ({@code <home>/admin.token}). */
    public Path adminTokenFile() {
        throw new UnsupportedOperationException("not yet built");
    }

    /** Stops gracefully: in-flight requests finish, stores close. */
    @Override
    public void close() {
    }
}
