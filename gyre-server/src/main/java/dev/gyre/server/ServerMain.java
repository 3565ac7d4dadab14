package dev.gyre.server;

import dev.gyre.server.config.ConfigLoader;
import dev.gyre.server.config.ServerConfig;
import java.util.Map;

/** Entry point of the platform process; {@code gyre server} calls {@link #run}. */
public final class ServerMain {

    private ServerMain() {
    }

    /**
     * Loads the configuration (gyre.yaml, then GYRE_* environment, then these flags), starts the
     * platform and blocks until the JVM is asked to stop.
     *
     * @param flags keys {@code home, host, port, db, db_user, db_password, artifacts, …} (see {@link ConfigLoader})
     */
    public static void run(Map<String, String> flags) throws InterruptedException {
        ServerConfig config = ConfigLoader.load(flags, System.getenv());
        GyreServer server = GyreServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "gyre-shutdown"));
        Thread.currentThread().join();
    }

    public static void main(String[] args) throws InterruptedException {
        run(Map.of());
    }
}
