package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre logout}: forgets the stored login, revoking the token a password login created. */
@Command(name = "logout",
        description = {"Forget the stored login. A token that `gyre login --username` created is revoked on the platform too; "
                + "a token you gave with --token is only forgotten (revoke it with `gyre token revoke ID`)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre logout",
                "  gyre logout --keep-token     # forget it here, but leave the token valid"})
final class LogoutCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--keep-token", description = "Do not revoke the token on the platform.")
    boolean keepToken;

    @Override
    public Integer call() {
        CredentialStore store = CredentialStore.forEnvironment(cli().env);
        Optional<Credentials> stored;
        try {
            stored = store.read();
        } catch (CliException unreadable) {
            store.delete();
            output().line("Removed the unreadable login in " + store.file() + ".");
            return 0;
        }
        if (stored.isEmpty()) {
            output().line("Not logged in; nothing to do.");
            return 0;
        }
        Credentials credentials = stored.get();
        String revoked = "";
        if (!keepToken && credentials.tokenId() != null) {
            try {
                GyreClient.builder().url(credentials.url()).token(credentials.token()).build().revokeToken(credentials.tokenId());
                revoked = " and revoked its token";
            } catch (GyreClientException e) {
                cli().err.println("gyre: could not revoke the token on " + credentials.url() + " (" + Main.oneLine(e.getMessage())
                        + "); it is forgotten here anyway.");
            }
        }
        store.delete();
        output().line("Logged out of " + credentials.url() + revoked + ".");
        return 0;
    }
}
