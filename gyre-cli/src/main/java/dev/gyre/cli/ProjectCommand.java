package dev.gyre.cli;

import dev.gyre.client.AuditEntry;
import dev.gyre.client.AuditPage;
import dev.gyre.client.Charter;
import dev.gyre.client.Project;
import dev.gyre.client.ProjectMember;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre project …}: projects, their charter, members and audit log. */
@Command(name = "project",
        description = {"Manage projects: the charter (stage 1), members and their project roles, and the audit log."},
        subcommands = {
                ProjectCommand.Create.class,
                ProjectCommand.ListProjects.class,
                ProjectCommand.Show.class,
                ProjectCommand.CharterCmd.class,
                ProjectCommand.Members.class,
                ProjectCommand.Audit.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre project create churn --description \"Who cancels next month\"",
                "  gyre project charter churn --set charter.yaml",
                "  gyre project members churn --add bob --role ml-engineer",
                "  gyre project audit churn"})
final class ProjectCommand extends BaseCommand {

    @Command(name = "create",
            description = "Create a project; you become its admin.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre project create churn", "  gyre project create bikes --description \"Hourly rentals\""})
    static final class Create extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME",
                description = "Lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the project is about.")
        String description;

        @Option(names = "--json", description = "Print the project as JSON.")
        boolean json;

        @Override
        void run() {
            Project project = client().createProject(name, description);
            if (json) {
                output().json(project);
                return;
            }
            output().line("Created project " + project.name() + "; you are its admin.");
            output().line("Next: write its charter with `gyre project charter " + project.name() + " --set charter.yaml`.");
        }
    }

    @Command(name = "list",
            description = "List the projects you may see.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre project list", "  gyre project list --json | jq -r '.[].name'"})
    static final class ListProjects extends PlatformCommand {
        @Option(names = "--json", description = "Print the projects as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<Project> projects = client().listProjects();
            if (json) {
                output().json(projects);
                return;
            }
            output().table(List.of("NAME", "PRODUCTION ALIAS", "CREATED", "DESCRIPTION"), projects.stream()
                    .map(p -> List.of(p.name(), p.productionAlias(), Output.time(p.createdAt()), oneLine(p.description())))
                    .toList());
        }
    }

    @Command(name = "show",
            description = "Show a project: its members and latest charter version.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre project show churn", "  gyre project show churn --json"})
    static final class Show extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the project as JSON.")
        boolean json;

        @Override
        void run() {
            Project project = client().getProject(name);
            if (json) {
                output().json(project);
                return;
            }
            output().line("Project:          " + project.name());
            output().line("Description:      " + oneLine(project.description()));
            output().line("Production alias: " + project.productionAlias());
            output().line("Charter version:  " + (project.charterVersion() == null ? "none yet" : project.charterVersion()));
            output().line("Created:          " + Output.time(project.createdAt()));
            output().line("");
            printMembers(output(), project.members());
        }
    }

    @Command(name = "charter",
            description = {"Print a project's charter, or write a new version with --set.",
                    "--set reads YAML from .yaml/.yml files and JSON from .json files; a document that means the same "
                            + "as the latest version changes nothing."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre project charter churn",
                    "  gyre project charter churn --version 1",
                    "  gyre project charter churn --set charter.yaml",
                    "  gyre project charter churn --json | jq .charter.success_metric"})
    static final class CharterCmd extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--set", paramLabel = "FILE", description = "Upload this charter (.yaml, .yml or .json).")
        Path file;

        @Option(names = "--version", paramLabel = "N", description = "Print this version instead of the latest.")
        Integer version;

        @Option(names = "--json", description = "Print version, sha256, author and the canonical charter as JSON.")
        boolean json;

        @Override
        void run() {
            if (file != null && version != null) {
                throw new CliException("Use either --set or --version, not both.");
            }
            Charter charter = file != null ? client().putCharter(name, file) : client().getCharter(name, version);
            if (json) {
                output().json(charter);
                return;
            }
            if (file != null) {
                output().line("Charter of " + name + " is at version " + charter.version() + " (sha256 "
                        + Output.shortSha(charter.sha256()) + ").");
                return;
            }
            output().line("# charter of " + name + ", version " + charter.version() + ", written by "
                    + charter.createdBy() + " at " + Output.time(charter.createdAt()));
            String source = charter.source() == null ? "" : charter.source();
            output().line(source.endsWith("\n") ? source.substring(0, source.length() - 1) : source);
        }
    }

    @Command(name = "members",
            description = {"List a project's members, or add or remove one (project admins).",
                    "Project roles: " + "admin, data-scientist, data-engineer, sme, ml-engineer, ops, viewer."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre project members churn",
                    "  gyre project members churn --add bob --role ml-engineer",
                    "  gyre project members churn --add bob --role ops   # a member: new role",
                    "  gyre project members churn --remove bob"})
    static final class Members extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = true)
        Change change;

        static final class Change {
            @Option(names = "--add", paramLabel = "USER", description = "Add this user (or change their role).")
            String add;

            @Option(names = "--remove", paramLabel = "USER", description = "Remove this user from the project.")
            String remove;
        }

        @Option(names = "--role", paramLabel = "ROLE", description = "The project role for --add. " + UserCommand.ROLES)
        String role;

        @Option(names = "--json", description = "Print the members as a JSON array.")
        boolean json;

        @Override
        void run() {
            if (change != null && change.add != null) {
                if (role == null) {
                    throw new CliException("--add needs --role ROLE. " + UserCommand.ROLES);
                }
                boolean member = client().listMembers(name).stream().anyMatch(m -> m.username().equals(change.add));
                ProjectMember changed = member ? client().updateMember(name, change.add, role)
                        : client().addMember(name, change.add, role);
                output().line((member ? "Changed " : "Added ") + changed.username() + " to role " + changed.role()
                        + " in project " + name + ".");
                return;
            }
            if (role != null) {
                throw new CliException("--role only goes with --add USER.");
            }
            if (change != null && change.remove != null) {
                client().removeMember(name, change.remove);
                output().line("Removed " + change.remove + " from project " + name + ".");
                return;
            }
            List<ProjectMember> members = client().listMembers(name);
            if (json) {
                output().json(members);
            } else {
                printMembers(output(), members);
            }
        }
    }

    @Command(name = "audit",
            description = "Print a project's audit log, oldest first: who changed what, when.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre project audit churn", "  gyre project audit churn --json | jq -r '.[].action'"})
    static final class Audit extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the records as a JSON array, with the states before and after.")
        boolean json;

        @Override
        void run() {
            List<AuditEntry> entries = new ArrayList<>();
            Long after = null;
            do {
                AuditPage page = client().audit(name, after, null);
                entries.addAll(page.entries());
                after = page.nextAfter();
            } while (after != null);
            if (json) {
                output().json(entries);
                return;
            }
            output().table(List.of("AT", "WHO", "ACTION", "ENTITY"), entries.stream()
                    .map(e -> List.of(Output.time(e.at()), e.who() == null ? "-" : e.who(), e.action(),
                            e.entityType() + " " + e.entityId()))
                    .toList());
        }
    }

    static void printMembers(Output output, List<ProjectMember> members) {
        output.table(List.of("MEMBER", "ROLE", "SINCE"), members.stream()
                .map(m -> List.of(m.username(), m.role(), Output.time(m.addedAt()))).toList());
    }

    static String oneLine(String text) {
        return text == null ? "-" : text.replaceAll("\\s+", " ").strip();
    }
}
