package dev.gyre.cli;

import dev.gyre.client.Model;
import dev.gyre.client.ModelVersion;
import dev.gyre.client.Promotion;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre models …}: registered models, validation, model cards, aliases and four-eyes promotion. */
@Command(name = "models",
        description = {"Registered models, their versions, validation against the charter, model cards, aliases and "
                + "four-eyes promotion: the production alias moves only when someone other than the requester, with "
                + "an approving role, approves, and never to a version that failed a blocking validation gate."},
        subcommands = {
                ModelsCommand.ListModels.class,
                ModelsCommand.Versions.class,
                ModelValidateCommands.Validate.class,
                ModelValidateCommands.Card.class,
                ModelsCommand.Alias.class,
                ModelsCommand.Promote.class,
                ModelsCommand.Approve.class,
                ModelsCommand.Reject.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre models list",
                "  gyre models validate titanic 1",
                "  gyre models card titanic 1 -o card.html",
                "  gyre models promote churn-classifier 3 --reason \"roc_auc 0.87 on holdout\"",
                "  gyre models approve 12 --reason \"validation report checked\""})
final class ModelsCommand extends BaseCommand {

    @Command(name = "list",
            description = "List the registered models you may see.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre models list", "  gyre models list --filter \"name LIKE 'churn%'\"", "  gyre models list --json"})
    static final class ListModels extends PlatformCommand {
        @Option(names = "--filter", paramLabel = "FILTER", description = "MLflow filter on name and tags.")
        String filter;

        @Option(names = "--json", description = "Print the models as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<Model> models = client().listModels(filter);
            if (json) {
                output().json(models);
                return;
            }
            output().table(List.of("NAME", "PROJECT", "ALIASES", "UPDATED"), models.stream()
                    .map(m -> List.of(m.name(), m.project() == null ? "-" : m.project(), aliases(m), Output.time(m.updatedAt())))
                    .toList());
        }

        private static String aliases(Model m) {
            return m.aliases() == null || m.aliases().isEmpty() ? "-" : m.aliases().entrySet().stream()
                    .map(e -> e.getKey() + "=v" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    @Command(name = "versions",
            description = "List a model's versions, newest first, with their aliases and lineage.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre models versions churn-classifier", "  gyre models versions churn-classifier --json"})
    static final class Versions extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the versions as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<ModelVersion> versions = client().listModelVersions(name);
            if (json) {
                output().json(versions);
                return;
            }
            output().table(List.of("VERSION", "ALIASES", "STATUS", "CREATED", "BY", "RUN", "CHARTER"), versions.stream()
                    .map(v -> Arrays.asList(String.valueOf(v.version()),
                            v.aliases() == null || v.aliases().isEmpty() ? "-" : String.join(", ", v.aliases()),
                            v.status(), Output.time(v.createdAt()), v.createdBy(), v.runId(),
                            v.charterVersion() == null ? "-" : "v" + v.charterVersion()))
                    .toList());
        }
    }

    @Command(name = "alias",
            description = {"Point an alias at a version. The production alias cannot be set this way: "
                    + "request a promotion with `gyre models promote`."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre models alias churn-classifier challenger 4"})
    static final class Alias extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS")
        String alias;

        @Parameters(index = "2", paramLabel = "VERSION")
        int version;

        @Override
        void run() {
            client().setAlias(name, alias, version);
            output().line("Alias " + alias + " of " + name + " now names version " + version + ".");
        }
    }

    @Command(name = "promote",
            description = {"Request a promotion: point the production alias (or --alias) at a version once a second "
                    + "person with an approving role approves it with `gyre models approve`."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre models promote churn-classifier 3 --reason \"roc_auc 0.87 on holdout\"",
                    "  gyre models promote churn 3 --alias staging --reason \"load test\""})
    static final class Promote extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; the approver and the audit log read it.")
        String reason;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "The alias to move. Default: the project's production alias.")
        String alias;

        @Option(names = "--json", description = "Print the request as JSON.")
        boolean json;

        @Override
        void run() {
            Promotion request = client().requestPromotion(name, version, alias, reason);
            if (json) {
                output().json(request);
                return;
            }
            output().line("Requested promotion " + request.id() + ": " + request.model() + " version " + request.version()
                    + " to alias " + request.alias() + ".");
            output().line("Someone else with an approving role runs: gyre models approve " + request.id());
        }
    }

    @Command(name = "approve",
            description = "Approve a pending promotion request (not your own): the alias moves at once.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre models approve 12", "  gyre models approve 12 --reason \"validation report checked\""})
    static final class Approve extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "REQUEST_ID")
        long id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.")
        String reason;

        @Option(names = "--json", description = "Print the decided request as JSON.")
        boolean json;

        @Override
        void run() {
            Promotion decided = client().approvePromotion(id, reason);
            if (json) {
                output().json(decided);
                return;
            }
            output().line("Approved promotion " + decided.id() + ": alias " + decided.alias() + " of " + decided.model()
                    + " now names version " + decided.version() + ".");
        }
    }

    @Command(name = "reject",
            description = "Reject a pending promotion request (not your own); the alias stays where it is.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre models reject 12 --reason \"no fairness report yet\""})
    static final class Reject extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "REQUEST_ID")
        long id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; the requester reads it.")
        String reason;

        @Option(names = "--json", description = "Print the decided request as JSON.")
        boolean json;

        @Override
        void run() {
            Promotion decided = client().rejectPromotion(id, reason);
            if (json) {
                output().json(decided);
                return;
            }
            output().line("Rejected promotion " + decided.id() + " of " + decided.model() + " version "
                    + decided.version() + ".");
        }
    }
}
