package dev.gyre.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every {@code gyre} command has: {@code --help}, and access to the {@link Cli} it runs in. */
abstract class BaseCommand {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help, with examples, and exit.")
    boolean helpRequested;

    Cli cli() {
        return ((Main) spec.root().userObject()).cli();
    }

    Output output() {
        return new Output(cli().out);
    }

    /** The first line of standard input, for {@code --password-stdin}. */
    String readSecretFromStdin(String what) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(cli().in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException("No " + what + " on standard input: pipe it in, e.g. `echo \"$PASSWORD\" | "
                        + spec.qualifiedName() + " … --password-stdin`.");
            }
            return line;
        } catch (IOException e) {
            throw new CliException("Cannot read the " + what + " from standard input: " + e.getMessage(), e);
        }
    }

    /** Asks for a new password on the terminal, twice. */
    String promptNewPassword(String forWhom) {
        Cli.Terminal terminal = cli().terminal;
        if (terminal == null) {
            throw new CliException("No terminal to ask for the password of " + forWhom + ": pipe it in with --password-stdin.");
        }
        char[] first = terminal.readPassword("Password for " + forWhom + ": ");
        char[] second = terminal.readPassword("Repeat the password: ");
        if (first == null || first.length == 0) {
            throw new CliException("No password given.");
        }
        if (second == null || !new String(first).equals(new String(second))) {
            throw new CliException("The passwords do not match; try again.");
        }
        return new String(first);
    }
}
