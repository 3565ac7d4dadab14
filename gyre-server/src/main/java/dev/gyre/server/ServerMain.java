package dev.gyre.server;

import dev.gyre.core.GyreException;
import dev.gyre.server.config.ConfigLoader;
import dev.gyre.server.config.ServerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Entry point of the platform process; {@code gyre server} calls {@link #run}. */
public final class ServerMain {

    private ServerMain() {
    }

    /**
     * Loads the configuration (gyre.yaml, then GYRE_* environment, then these flags), starts the
     * platform and blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then stops gracefully.
     *
     * @param flags keys {@code home, host, port, db, db_user, db_password, artifacts, …} (see {@link ConfigLoader})
     */
    public static void run(Map<String, String> flags) throws InterruptedException {
        ServerConfig config = ConfigLoader.load(flags, System.getenv());
        GyreServer server = GyreServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gyre-shutdown"));
        stopped.await();
    }

    /** {@code java dev.gyre.server.ServerMain --home=DIR --port=8080 …}: the flags of {@link #run} as {@code --key=value}. */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("gyre: arguments are --key=value, e.g. --home=/tmp/gyre --port=8080; got '" + arg + "'");
                System.exit(2);
            }
            int eq = arg.indexOf('=');
            flags.put(arg.substring(2, eq).replace('-', '_'), arg.substring(eq + 1));
        }
        try {
            run(flags);
        } catch (GyreException e) {
            System.err.println("gyre: " + e.getMessage());
            System.exit(1);
        }
    }
}
