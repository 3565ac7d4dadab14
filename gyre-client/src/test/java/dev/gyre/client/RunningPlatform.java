package dev.gyre.client;

import dev.gyre.server.GyreServer;
import dev.gyre.server.config.ConfigLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A real Gyre platform in this JVM, on a free port, with its own home folder. Start one per test class. */
public final class RunningPlatform implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final GyreServer server;
    private final String adminToken;

    private RunningPlatform(GyreServer server, String adminToken) {
        this.server = server;
        this.adminToken = adminToken;
    }

    /** Starts a platform keeping its data in {@code home}. */
    public static RunningPlatform start(Path home) throws IOException {
        GyreServer server = GyreServer.start(ConfigLoader.load(Map.of("home", home.toString(), "port", "0"), Map.of()));
        try {
            return new RunningPlatform(server, Files.readString(server.adminTokenFile()).strip());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return server.baseUrl();
    }

    /** The bootstrap admin's token. */
    public String adminToken() {
        return adminToken;
    }

    /** A client authenticated as the bootstrap admin. */
    public GyreClient admin() {
        return GyreClient.builder().url(url()).token(adminToken).build();
    }

    /** Creates a user with {@code role} and no password, and returns a token of theirs. */
    public String tokenOfNewUser(String username, String role) {
        GyreClient admin = admin();
        admin.createUser(username, role, null);
        return admin.createToken("test", null, username).token();
    }

    /** A name no other test of this JVM gets, valid as a user name and as an artifact path segment. */
    public static String unique(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    /** A local port nothing listens on (it was free a moment ago). */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
