package dev.gyre.cli;

import picocli.CommandLine.Command;

/** {@code gyre data …}: stage 2, versioned data sets. */
@Command(name = "data",
        description = {"Versioned data sets (stage 2): add files, folders, S3 objects and SQL query results as "
                + "immutable versions, then profile, compare, validate, clean and split them.",
                "Bytes are content-addressed by SHA-256 and hashed where they live: only blobs the platform lacks "
                        + "are uploaded, and adding unchanged content again returns the existing version.",
                "Versions are named NAME@N or NAME@latest."},
        subcommands = {
                DataAddCommand.class,
                DataBrowseCommands.ListSets.class,
                DataBrowseCommands.Versions.class,
                DataBrowseCommands.Show.class,
                DataGetCommand.class,
                DataBrowseCommands.Diff.class,
                DataValidateCommands.Suggest.class,
                DataValidateCommands.Validate.class,
                DataValidateCommands.OverrideFailed.class,
                DataTransformCommands.Clean.class,
                DataTransformCommands.Split.class,
                DataDvcCommands.ImportDvc.class,
                DataDvcCommands.ExportDvc.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre data add titanic.csv --project titanic --name passengers",
                "  gyre data show passengers@latest -p titanic",
                "  gyre data suggest passengers@1 -p titanic -o suite.yaml   # review it",
                "  gyre data validate passengers@1 --suite suite.yaml -p titanic",
                "  gyre data split passengers@1 -p titanic --method stratified \\",
                "      --column Survived --train 0.7 --validation 0.15 --test 0.15",
                "  gyre data add --help      # help and examples of every data command"})
final class DataCommand extends BaseCommand {
}
