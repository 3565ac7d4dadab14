package dev.gyre.cli;

import dev.gyre.client.CreatedToken;
import dev.gyre.client.TokenInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre token …}: API tokens. */
@Command(name = "token",
        description = {"Manage API tokens: what scripts, CI jobs and notebooks use to authenticate (Authorization: Bearer TOKEN)."},
        subcommands = {
                TokenCommand.Create.class,
                TokenCommand.ListTokens.class,
                TokenCommand.Revoke.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  export GYRE_TOKEN=$(gyre token create --name ci --expires-in-days 90)",
                "  gyre token list",
                "  gyre token revoke 7"})
final class TokenCommand extends BaseCommand {

    @Command(name = "create",
            description = {"Create an API token and print its secret on standard output. The secret is shown only this once: "
                    + "store it right away."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre token create --name laptop",
                    "  export GYRE_TOKEN=$(gyre token create --name ci --expires-in-days 90)",
                    "  # admin: a token for another user",
                    "  gyre token create --for ci-bot --name deploy",
                    "  gyre token create --name nb --json"})
    static final class Create extends PlatformCommand {
        @Option(names = "--name", paramLabel = "NAME", description = "A name to recognise the token by. Default: cli-<date-time>.")
        String name;

        @Option(names = "--expires-in-days", paramLabel = "DAYS", description = "Days until the token expires. Default: never.")
        Integer expiresInDays;

        @Option(names = "--for", paramLabel = "USERNAME", description = "Create the token for this user (admin only).")
        String forUser;

        @Option(names = "--json", description = "Print the token, secret included, as JSON.")
        boolean json;

        @Override
        void run() {
            if (expiresInDays != null && expiresInDays <= 0) {
                throw new CliException("--expires-in-days must be a positive number of days, got " + expiresInDays + ".");
            }
            String tokenName = name != null ? name
                    : "cli-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            CreatedToken token = client().createToken(tokenName, expiresInDays, forUser);
            if (json) {
                output().json(token);
                return;
            }
            output().line(token.token());
            cli().err.println("Created token " + token.id() + " '" + token.name() + "' for " + token.username()
                    + (token.expiresAt() == null ? ", never expires" : ", expires " + Output.time(token.expiresAt()))
                    + ". This is the only time its secret is shown: store it now.");
        }
    }

    @Command(name = "list",
            description = "List your API tokens (an admin may list another user's with --for).",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre token list",
                    "  gyre token list --for ann",
                    "  gyre token list --json"})
    static final class ListTokens extends PlatformCommand {
        @Option(names = "--for", paramLabel = "USERNAME", description = "List this user's tokens (admin only).")
        String forUser;

        @Option(names = "--json", description = "Print the tokens as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<TokenInfo> tokens = client().listTokens(forUser);
            if (json) {
                output().json(tokens);
                return;
            }
            Instant now = Instant.now();
            output().table(List.of("ID", "NAME", "STATUS", "CREATED", "EXPIRES", "LAST USED"),
                    tokens.stream().map(t -> List.of(String.valueOf(t.id()), String.valueOf(t.name()), t.status(now),
                            Output.time(t.createdAt()), t.expiresAt() == null ? "never" : Output.time(t.expiresAt()),
                            t.lastUsedAt() == null ? "never" : Output.time(t.lastUsedAt()))).toList());
        }
    }

    @Command(name = "revoke",
            description = "Revoke an API token: it stops working at once. Find the ID with `gyre token list`.",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre token revoke 7",
                    "  gyre token list --for ann    # admin: find the ID of ann's token"})
    static final class Revoke extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The token's ID (not its secret).")
        long id;

        @Override
        void run() {
            TokenInfo token = client().revokeToken(id);
            output().line("Revoked token " + token.id() + (token.name() == null ? "" : " '" + token.name() + "'") + ".");
            Optional<Credentials> stored = CredentialStore.forEnvironment(cli().env).read();
            if (stored.isPresent() && Long.valueOf(id).equals(stored.get().tokenId())) {
                output().line("That was the token `gyre login` stored; run `gyre login` again.");
            }
        }
    }
}
