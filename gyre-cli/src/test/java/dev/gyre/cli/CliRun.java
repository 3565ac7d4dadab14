package dev.gyre.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@code gyre} in-process with captured output, a given environment and standard input. */
final class CliRun {

    final Map<String, String> env = new HashMap<>();
    String stdin = "";
    Cli.Terminal terminal;
    final List<Map<String, String>> serverStarts = new ArrayList<>();

    record Result(int exitCode, String out, String err, byte[] outBytes) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    CliRun stdin(String text) {
        stdin = text;
        return this;
    }

    CliRun env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Cli cli = new Cli(outStream, errStream, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env,
                terminal, false, flags -> serverStarts.add(flags));
        int code = Main.run(args, cli);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }
}
