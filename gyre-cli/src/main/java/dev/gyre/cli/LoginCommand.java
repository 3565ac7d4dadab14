package dev.gyre.cli;

import dev.gyre.client.CreatedToken;
import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.client.User;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre login}: checks a token (or makes one from a password) and stores it with the URL. */
@Command(name = "login",
        description = {"Log in to a platform and remember it: later commands use the stored URL and token.",
                "With --username, a new token is created with your password (asked on the terminal, or read from "
                        + "standard input with --password-stdin). With --token (or GYRE_TOKEN), that token is checked and stored.",
                "The credentials file is readable only by you (mode 600)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre login --username ann                          # asks for the password",
                "  echo \"$PASSWORD\" | gyre login -u ann --password-stdin",
                "  # the admin token a new platform wrote into its home folder:",
                "  gyre login --token \"$(cat ~/.gyre/admin.token)\"",
                "  gyre login --url https://gyre.example.com -u ann"})
final class LoginCommand extends PlatformCommand {

    @Option(names = {"-u", "--username"}, paramLabel = "USERNAME", description = "Log in with this user's password.")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--token-name", paramLabel = "NAME",
            description = "Name of the token created for a password login. Default: gyre-cli@<this host>.")
    String tokenName;

    @Override
    void run() {
        Endpoint endpoint = endpoint();
        boolean explicitToken = "--token".equals(endpoint.tokenSource()) || "GYRE_TOKEN".equals(endpoint.tokenSource());
        String user = username;
        if (user == null && !explicitToken) {
            if (cli().terminal == null || passwordStdin) {
                throw new CliException("Say how to log in: --username USER (password from the terminal or --password-stdin), "
                        + "or --token TOKEN.");
            }
            user = cli().terminal.readLine("Username: ");
            if (user == null || user.isBlank()) {
                throw new CliException("No username given.");
            }
            user = user.strip();
        }

        GyreClient anonymous = GyreClient.builder().url(endpoint.url()).build();
        String token;
        Long tokenId = null;
        if (user != null) {
            String password = passwordStdin ? readSecretFromStdin("password") : promptPassword(user);
            CreatedToken created = anonymous.login(user, password, tokenName != null ? tokenName : defaultTokenName());
            token = created.token();
            tokenId = created.id();
        } else {
            token = endpoint.token();
        }
        User me = anonymous.withToken(token).whoami();
        CredentialStore store = CredentialStore.forEnvironment(cli().env);
        Optional<Credentials> previous;
        try {
            previous = store.read();
        } catch (CliException unreadable) {
            previous = Optional.empty();
        }
        store.write(new Credentials(endpoint.url(), token, me.username(), tokenId));
        previous.ifPresent(old -> revokeReplacedToken(old, token));
        output().line("Logged in to " + endpoint.url() + " as " + me.username() + " (role " + me.role() + ").");
        output().line("Credentials saved in " + store.file() + "; `gyre logout` removes them.");
    }

    /** A token an earlier password login created is not needed any more: revoke it (best effort). */
    private void revokeReplacedToken(Credentials old, String newToken) {
        if (old.tokenId() == null || old.token() == null || old.token().equals(newToken)) {
            return;
        }
        try {
            GyreClient.builder().url(old.url()).token(old.token()).build().revokeToken(old.tokenId());
        } catch (GyreClientException e) {
            // the old token may already be revoked, expired, or its platform gone; it is forgotten either way
        }
    }

    private String promptPassword(String user) {
        Cli.Terminal terminal = cli().terminal;
        if (terminal == null) {
            throw new CliException("No terminal to ask for the password: pipe it in with --password-stdin.");
        }
        char[] password = terminal.readPassword("Password for " + user + ": ");
        if (password == null || password.length == 0) {
            throw new CliException("No password given.");
        }
        return new String(password);
    }

    private static String defaultTokenName() {
        try {
            return "gyre-cli@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gyre-cli";
        }
    }
}
