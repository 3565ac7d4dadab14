package dev.gyre.cli;

import dev.gyre.client.User;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre user …}: manage platform users (admin). */
@Command(name = "user",
        description = {"Manage the platform's users (admin only, except `user show` of yourself).",
                "Roles: admin, data-scientist, data-engineer, sme, ml-engineer, ops, viewer."},
        subcommands = {
                UserCommand.Add.class,
                UserCommand.ListUsers.class,
                UserCommand.Show.class,
                UserCommand.SetRole.class,
                UserCommand.SetPassword.class,
                UserCommand.Disable.class,
                UserCommand.Enable.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre user list",
                "  gyre user add ann --role data-scientist",
                "  gyre user set-role ann ml-engineer",
                "  gyre user disable ann"})
final class UserCommand extends BaseCommand {

    static final String ROLES = "One of: admin, data-scientist, data-engineer, sme, ml-engineer, ops, viewer.";

    static void printUsers(Output output, List<User> users) {
        output.table(List.of("USERNAME", "ROLE", "STATUS", "CREATED", "ID"),
                users.stream().map(u -> List.of(u.username(), u.role(), u.disabled() ? "disabled" : "active",
                        Output.time(u.createdAt()), String.valueOf(u.id()))).toList());
    }

    @Command(name = "add",
            description = {"Create a user. Without a password the user signs in with tokens only: create one for them with "
                    + "`gyre token create --for USERNAME`."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre user add ann --role data-scientist",
                    "  echo \"$PW\" | gyre user add bob --role viewer --password-stdin",
                    "  # a robot account that uses a token:",
                    "  gyre user add ci-bot --role ml-engineer",
                    "  gyre token create --for ci-bot --name ci"})
    static final class Add extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "USERNAME", description = "The new user's login name.")
        String username;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "Platform role. " + ROLES)
        String role;

        @Option(names = "--password-stdin", description = "Read an initial password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--json", description = "Print the created user as JSON.")
        boolean json;

        @Override
        void run() {
            String password = passwordStdin ? readSecretFromStdin("password") : null;
            User user = client().createUser(username, role, password);
            if (json) {
                output().json(user);
                return;
            }
            output().line("Created user " + user.username() + " with role " + user.role() + ".");
            output().line(password != null
                    ? "They can log in with: gyre login --username " + user.username()
                    : "Give them a token with: gyre token create --for " + user.username());
        }
    }

    @Command(name = "list",
            description = "List all users.",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre user list",
                    "  gyre user list --json | jq -r '.[].username'"})
    static final class ListUsers extends PlatformCommand {
        @Option(names = "--json", description = "Print the users as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<User> users = client().listUsers();
            if (json) {
                output().json(users);
            } else {
                printUsers(output(), users);
            }
        }
    }

    @Command(name = "show",
            description = "Show one user.",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre user show ann",
                    "  gyre user show ann --json"})
    static final class Show extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Option(names = "--json", description = "Print the user as JSON.")
        boolean json;

        @Override
        void run() {
            User user = client().getUser(username);
            if (json) {
                output().json(user);
            } else {
                printUsers(output(), List.of(user));
            }
        }
    }

    @Command(name = "set-role",
            description = "Change a user's platform role.",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre user set-role ann ml-engineer",
                    "  gyre user set-role bob viewer"})
    static final class SetRole extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Parameters(index = "1", paramLabel = "ROLE", description = ROLES)
        String role;

        @Override
        void run() {
            User user = client().updateUser(username, role, null, null);
            output().line("User " + user.username() + " now has role " + user.role() + ".");
        }
    }

    @Command(name = "set-password",
            description = "Set a user's password (asked twice on the terminal, or read from standard input).",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre user set-password ann",
                    "  echo \"$NEW_PASSWORD\" | gyre user set-password ann --password-stdin"})
    static final class SetPassword extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        void run() {
            String password = passwordStdin ? readSecretFromStdin("password") : promptNewPassword(username);
            User user = client().updateUser(username, null, password, null);
            output().line("Password of " + user.username() + " changed.");
        }
    }

    @Command(name = "disable",
            description = "Disable a user: they can no longer log in, and their tokens stop working.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre user disable ann"})
    static final class Disable extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Override
        void run() {
            User user = client().updateUser(username, null, null, true);
            output().line("User " + user.username() + " is disabled; `gyre user enable " + user.username() + "` undoes it.");
        }
    }

    @Command(name = "enable",
            description = "Enable a disabled user again.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre user enable ann"})
    static final class Enable extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Override
        void run() {
            User user = client().updateUser(username, null, null, false);
            output().line("User " + user.username() + " is enabled.");
        }
    }
}
