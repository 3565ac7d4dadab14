package dev.gyre.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command run may touch of the outside world: streams, environment, the terminal and the
 * platform launcher. Tests build one with their own streams and environment.
 */
public final class Cli {

    /** Reads from the user's terminal; absent when there is none. */
    public interface Terminal {
        /** Reads a line after showing {@code prompt}, or returns {@code null} at end of input. */
        String readLine(String prompt);

        /** Reads a secret without echo after showing {@code prompt}, or returns {@code null} at end of input. */
        char[] readPassword(String prompt);
    }

    /** Starts the platform and blocks; {@code gyre server} calls it. */
    @FunctionalInterface
    public interface ServerRunner {
        void run(Map<String, String> flags) throws Exception;
    }

    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    final Map<String, String> env;
    final Terminal terminal;
    final boolean progress;
    final ServerRunner serverRunner;

    /** The endpoint the last platform command resolved, for better error messages. */
    Endpoint endpoint;

    /**
     * @param terminal     the user's terminal, or {@code null} when there is none (no prompts then)
     * @param progress     whether to draw progress bars on {@code err}
     * @param serverRunner what {@code gyre server} starts
     */
    public Cli(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Terminal terminal,
               boolean progress, ServerRunner serverRunner) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.in = Objects.requireNonNull(in, "in");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.terminal = terminal;
        this.progress = progress;
        this.serverRunner = Objects.requireNonNull(serverRunner, "serverRunner");
    }

    /** The real world: {@code System.out/err/in}, the process environment, the console. */
    public static Cli system() {
        Map<String, String> env = System.getenv();
        Console console = System.console();
        Terminal terminal = console == null ? null : new Terminal() {
            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }
        };
        String forced = env.get("GYRE_PROGRESS");
        boolean progress = forced != null ? forced.equals("1") || forced.equalsIgnoreCase("true") : stderrIsTerminal(console);
        return new Cli(System.out, System.err, System.in, env, terminal, progress,
                flags -> dev.gyre.server.ServerMain.run(flags));
    }

    /**
     * Whether standard error is a terminal: on Linux from what file descriptor 2 points to, elsewhere
     * approximated by whether the JVM has a console.
     */
    static boolean stderrIsTerminal(Console console) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return console != null;
        }
    }

    /** Whether {@code GYRE_DEBUG=1}: stack traces on errors. */
    boolean debug() {
        String value = env.get("GYRE_DEBUG");
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }
}
