package dev.gyre.cli;

import dev.gyre.client.Deployment;
import dev.gyre.client.DeploymentsClient;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre deploy …}: the platform's deployments, their traffic split, shadow and rollback. */
@Command(name = "deploy",
        description = {"Serve registered models by name on the platform. A deployment follows an alias"
                + " (NAME@ALIAS: it hot-swaps when the alias moves, e.g. by an approved promotion) or is fixed at a"
                + " version (NAME/VERSION). Versions are served from the model package their validation wrote, so"
                + " validate a version before deploying it.",
                "Traffic: a canary answers a percentage of the requests; a shadow gets a copy of every request and"
                        + " its answers are only logged; rollback returns to the previous version in one call."
                        + " Changes need a role with the deploy permission (ml-engineer, ops, admin)."},
        subcommands = {
                DeployCommand.Create.class,
                DeployCommand.ListDeployments.class,
                DeployCommand.Status.class,
                DeployCommand.Canary.class,
                DeployCommand.Shadow.class,
                DeployCommand.Promote.class,
                DeployCommand.Rollback.class,
                DeployCommand.Delete.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre deploy create titanic --model titanic@production",
                "  gyre deploy canary titanic --version 4 --percent 10",
                "  gyre deploy status titanic",
                "  gyre deploy promote titanic",
                "  gyre deploy rollback titanic"})
final class DeployCommand extends BaseCommand {

    @Command(name = "create",
            description = {"Deploy a registered model under NAME (letters, digits, '.', '_', '-').",
                    "--model NAME@ALIAS follows the alias: when it moves, the deployment hot-swaps to its new"
                            + " version. --model NAME/VERSION serves that version until you change it."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre deploy create titanic --model titanic@production",
                    "  gyre deploy create titanic-v3 --model titanic/3"})
    static final class Create extends DeploymentCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--model", required = true, paramLabel = "MODEL@ALIAS|MODEL/VERSION",
                description = "What to serve: a model and an alias to follow, or a fixed version.")
        String model;

        @Option(names = "--json", description = "Print the deployment as JSON.")
        boolean json;

        @Override
        void run() {
            int at = model.lastIndexOf('@');
            int slash = model.lastIndexOf('/');
            Deployment d;
            if (at > 0 && at < model.length() - 1) {
                d = deployments().create(name, model.substring(0, at), model.substring(at + 1), null);
            } else if (slash > 0 && model.substring(slash + 1).matches("\\d{1,9}")) {
                d = deployments().create(name, model.substring(0, slash), null,
                        Integer.parseInt(model.substring(slash + 1)));
            } else {
                throw new CliException("--model must be MODEL@ALIAS (follow an alias) or MODEL/VERSION (a fixed"
                        + " version), e.g. --model titanic@production or --model titanic/3; got '" + model + "'.");
            }
            print(d, json);
        }
    }

    @Command(name = "list", description = "List the deployments with what they serve.",
            footerHeading = "%nExamples:%n", footer = {"  gyre deploy list", "  gyre deploy list --json"})
    static final class ListDeployments extends DeploymentCommand {
        @Option(names = "--json", description = "Print the deployments as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<Deployment> all = deployments().list();
            if (json) {
                output().json(all);
                return;
            }
            output().table(List.of("NAME", "TARGET", "STATE", "PRIMARY", "CANARY", "SHADOW"), all.stream()
                    .map(d -> List.of(d.name(), d.target(), d.state(), "v" + d.primaryVersion(), canary(d),
                            d.shadowVersion() == null ? "-" : "v" + d.shadowVersion()))
                    .toList());
        }
    }

    @Command(name = "status",
            description = "Show a deployment: target, versions serving, canary, shadow, sticky header, what a"
                    + " rollback returns to, and why it is not served when it failed to load.",
            footerHeading = "%nExamples:%n", footer = {"  gyre deploy status titanic", "  gyre deploy status titanic --json"})
    static final class Status extends DeploymentCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the deployment as JSON.")
        boolean json;

        @Override
        void run() {
            print(deployments().get(name), json);
        }
    }

    @Command(name = "canary",
            description = {"Send a percentage of the requests to another version, or remove the canary with"
                    + " --clear. With a sticky header set, a caller always lands on the same side.",
                    "Then: 'gyre deploy promote' makes the canary the primary; 'gyre deploy rollback' undoes."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre deploy canary titanic --version 4 --percent 10",
                    "  gyre deploy canary titanic --clear"})
    static final class Canary extends DeploymentCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        static final class Choice {
            @ArgGroup(exclusive = false)
            Split split;

            @Option(names = "--clear", required = true, description = "Remove the canary.")
            boolean clear;
        }

        static final class Split {
            @Option(names = "--version", required = true, paramLabel = "V", description = "The canary version.")
            int version;

            @Option(names = "--percent", required = true, paramLabel = "P",
                    description = "Share of the requests it answers, 0 to 100.")
            int percent;
        }

        @Option(names = "--json", description = "Print the deployment as JSON.")
        boolean json;

        @Override
        void run() {
            print(choice.clear ? deployments().clearCanary(name)
                    : deployments().canary(name, choice.split.version, choice.split.percent), json);
        }
    }

    @Command(name = "shadow",
            description = "Mirror every request to a version whose answers are only logged (never returned), or"
                    + " stop with --off. A full shadow queue drops copies; callers never wait.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre deploy shadow titanic --version 5", "  gyre deploy shadow titanic --off"})
    static final class Shadow extends DeploymentCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        static final class Choice {
            @Option(names = "--version", paramLabel = "V", description = "The shadow version.")
            Integer version;

            @Option(names = "--off", description = "Stop mirroring.")
            boolean off;
        }

        @Option(names = "--json", description = "Print the deployment as JSON.")
        boolean json;

        @Override
        void run() {
            print(deployments().shadow(name, choice.off ? null : choice.version), json);
        }
    }

    @Command(name = "promote", description = "Make the canary the primary; the old primary is kept for rollback.",
            footerHeading = "%nExamples:%n", footer = {"  gyre deploy promote titanic"})
    static final class Promote extends DeploymentCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the deployment as JSON.")
        boolean json;

        @Override
        void run() {
            print(deployments().promote(name), json);
        }
    }

    @Command(name = "rollback",
            description = "Go back to the previous primary version in one call, removing any canary. A second"
                    + " rollback undoes the first.",
            footerHeading = "%nExamples:%n", footer = {"  gyre deploy rollback titanic"})
    static final class Rollback extends DeploymentCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the deployment as JSON.")
        boolean json;

        @Override
        void run() {
            print(deployments().rollback(name), json);
        }
    }

    @Command(name = "delete", description = "Delete a deployment: it stops serving at once.",
            footerHeading = "%nExamples:%n", footer = {"  gyre deploy delete titanic-v3"})
    static final class Delete extends DeploymentCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run() {
            deployments().delete(name);
            output().line("Deleted deployment " + name + ".");
        }
    }

    static String canary(Deployment d) {
        return d.canary() == null ? "-" : "v" + d.canary().version() + " " + d.canary().percent() + "%";
    }

    /** A deployment command: the client, and one deployment printed as JSON or as labelled lines. */
    abstract static class DeploymentCommand extends PlatformCommand {
        DeploymentsClient deployments() {
            return client().deployments();
        }

        void print(Deployment d, boolean json) {
            DeployCommand.print(this, d, json);
        }
    }

    private static String or(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }

    static void print(PlatformCommand command, Deployment d, boolean json) {
        if (json) {
            command.output().json(d);
            return;
        }
        Output out = command.output();
        out.line("Deployment " + d.name() + ": " + d.state() + (d.failure() == null ? "" : " (" + d.failure() + ")"));
        out.line("  target     " + d.target() + (d.alias() == null ? "" : " (follows the alias)"));
        out.line("  primary    v" + d.primaryVersion());
        out.line("  canary     " + canary(d));
        out.line("  shadow     " + (d.shadowVersion() == null ? "-" : "v" + d.shadowVersion()));
        out.line("  sticky     " + or(d.stickyHeader()));
        out.line("  rollback   " + (d.previousVersion() == null ? "-" : "to v" + d.previousVersion()));
        out.line("  loaded     " + (d.loadedVersions() == null || d.loadedVersions().isEmpty() ? "-"
                : String.join(", ", d.loadedVersions().stream().map(v -> "v" + v).toList())));
        out.line("  updated    " + Output.time(d.updatedAt()) + " by " + or(d.updatedBy()));
    }
}
