package dev.gyre.cli;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.RunningPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gyre data} against a real platform started in this JVM: the Titanic passengers from file to split. */
class DataCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The Titanic CSV of the repository's examples, read where it is (its old mtime lets the hash cache keep it). */
    static final Path TITANIC = Path.of("..", "examples", "titanic", "titanic.csv").toAbsolutePath().normalize();

    @TempDir
    static Path home;

    static RunningPlatform platform;

    @TempDir
    Path tmp;

    CliRun gyre;
    String project;

    @BeforeAll
    static void startPlatform() throws IOException {
        assertThat(TITANIC).as("the Titanic example data").isRegularFile();
        platform = RunningPlatform.start(home);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void setUp() {
        gyre = new CliRun().env("GYRE_CONFIG_DIR", tmp.resolve("config").toString())
                .env("GYRE_URL", platform.url()).env("GYRE_TOKEN", platform.adminToken());
        project = unique("titanic");
        platform.admin().createProject(project, null);
    }

    static CliRun.Result ok(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    static CliRun.Result failed(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        return result;
    }

    static JsonNode json(CliRun.Result result) throws IOException {
        return JSON.readTree(ok(result).out());
    }

    private JsonNode addTitanic(String name) throws IOException {
        return json(gyre.run("data", "add", TITANIC.toString(), "--project", project, "--name", name, "--json"));
    }

    // ------------------------------------------------------------------ add, re-add, folders, get

    @Test
    void addingTheTitanicCsvMakesAProfiledVersionWithItsSchema() throws IOException {
        JsonNode added = addTitanic("passengers");

        assertThat(added.get("created").asBoolean()).isTrue();
        JsonNode version = added.get("version");
        assertThat(version.get("ref").asText()).isEqualTo("passengers@1");
        assertThat(version.get("row_count").asLong()).isEqualTo(891);
        assertThat(version.get("sha256").asText()).isEqualTo(Sha.of(TITANIC));
        assertThat(version.get("source_uri").asText()).isEqualTo("file:" + TITANIC);
        assertThat(version.get("schema")).hasSize(12);

        String shown = ok(gyre.run("data", "show", "passengers@latest", "-p", project)).out();
        assertThat(shown).startsWith("passengers@1: 891 rows × 12 columns")
                .contains("status    unvalidated").contains("COLUMN").contains("Age", "177 (19.9%)")
                .contains("Sex", "categorical", "male (577)");
    }

    @Test
    void reAddingUnchangedContentReturnsTheSameVersionAndUploadsAndReadsNothing() throws IOException {
        JsonNode first = addTitanic("passengers");

        JsonNode again = addTitanic("passengers");

        assertThat(again.get("created").asBoolean()).isFalse();
        assertThat(again.get("version").get("id").asLong()).isEqualTo(first.get("version").get("id").asLong());
        assertThat(again.get("uploaded_bytes").asLong()).isZero();
        assertThat(again.get("uploaded_blobs").asInt()).isZero();
        assertThat(again.get("hashed_bytes").asLong()).as("the hash cache knew the file").isZero();
        assertThat(ok(gyre.run("data", "add", TITANIC.toString(), "-p", project, "--name", "passengers")).out())
                .isEqualTo("Unchanged: passengers@1 has this content already (sha256 "
                        + Sha.of(TITANIC).substring(0, 12) + "); no new version, nothing uploaded.\n");
        assertThat(json(gyre.run("data", "versions", "passengers", "-p", project, "--json"))).hasSize(1);
    }

    @Test
    void newBytesAreUploadedOnceInOneBlob() throws IOException {
        Path file = tmp.resolve("cities.csv");
        Files.writeString(file, "id,city\n1,Oslo\n2," + unique("city") + "\n");

        JsonNode first = json(gyre.run("data", "add", file.toString(), "-p", project, "--name", "cities", "--json"));
        JsonNode second = json(gyre.run("data", "add", file.toString(), "-p", project, "--name", "cities", "--json"));

        assertThat(first.get("uploaded_bytes").asLong()).isEqualTo(Files.size(file));
        assertThat(first.get("uploaded_blobs").asInt()).isEqualTo(1);
        assertThat(first.get("hashed_bytes").asLong()).isEqualTo(Files.size(file));
        assertThat(second.get("created").asBoolean()).isFalse();
        assertThat(second.get("uploaded_bytes").asLong()).isZero();
    }

    @Test
    void theSameBytesUnderAnotherNameUploadNothing() throws IOException {
        addTitanic("passengers");

        JsonNode copy = addTitanic("copy");

        assertThat(copy.get("created").asBoolean()).isTrue();
        assertThat(copy.get("uploaded_bytes").asLong()).isZero();
    }

    @Test
    void aFolderBecomesADirectoryVersionAndComesBackByteForByte() throws IOException {
        Path folder = tmp.resolve("images");
        Files.createDirectories(folder.resolve("cats"));
        Files.writeString(folder.resolve("cats/a.txt"), "meow\n");
        Files.writeString(folder.resolve("b.txt"), "woof\n");
        Files.writeString(folder.resolve("cats/same-as-b.txt"), "woof\n");

        JsonNode added = json(gyre.run("data", "add", folder.toString(), "-p", project, "--name", "images", "--json"));

        JsonNode version = added.get("version");
        assertThat(version.get("kind").asText()).isEqualTo("directory");
        assertThat(version.get("file_count").asInt()).isEqualTo(3);
        assertThat(added.get("uploaded_blobs").asInt()).as("two distinct files and the manifest").isEqualTo(3);

        Path copy = tmp.resolve("copy");
        String got = ok(gyre.run("data", "get", "images@1", "-o", copy.toString(), "-p", project)).out();
        assertThat(got).startsWith("Downloaded images@1 to " + copy + " (3 files, 15 B");
        for (String file : List.of("b.txt", "cats/a.txt", "cats/same-as-b.txt")) {
            assertThat(copy.resolve(file)).hasSameBinaryContentAs(folder.resolve(file));
        }
        JsonNode again = json(gyre.run("data", "add", folder + "/", "-p", project, "--name", "images", "--json"));
        assertThat(again.get("created").asBoolean()).isFalse();
        assertThat(again.get("uploaded_bytes").asLong()).isZero();
    }

    @Test
    void getWritesTheSameBytesToAFileOrStandardOutput() throws IOException {
        addTitanic("passengers");
        Path target = tmp.resolve("out/passengers.csv");

        ok(gyre.run("data", "get", "passengers@1", "-o", target.toString(), "-p", project));
        CliRun.Result toStdout = ok(gyre.run("data", "get", "passengers@1", "-o", "-", "-p", project));

        assertThat(target).hasSameBinaryContentAs(TITANIC);
        assertThat(toStdout.outBytes()).isEqualTo(Files.readAllBytes(TITANIC));
        Files.createDirectories(tmp.resolve("folder"));
        ok(gyre.run("data", "get", "passengers@1", "-o", tmp.resolve("folder").toString(), "-p", project));
        assertThat(tmp.resolve("folder/passengers.csv")).hasSameBinaryContentAs(TITANIC);
        try (var leftovers = Files.list(target.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("passengers.csv");
        }
    }

    @Test
    void ingestOptionsReachThePlatform() throws IOException {
        Path semicolons = tmp.resolve("people.txt");
        Files.writeString(semicolons, "1;A;x\n2;B;y\n3;A;x\n", StandardCharsets.UTF_8);

        JsonNode version = json(gyre.run("data", "add", semicolons.toString(), "-p", project, "--name", "people",
                "--format", "csv", "--delimiter", ";", "--no-header", "--type", "col_1=categorical", "--json"))
                .get("version");

        assertThat(version.get("row_count").asInt()).isEqualTo(3);
        assertThat(version.get("schema").get(0).get("name").asText()).isEqualTo("col_1");
        assertThat(version.get("schema").get(0).get("type").asText()).isEqualTo("categorical");
    }

    @Test
    void otherBytesAreKeptAsTheyAreUnderAFormatOfOnesOwn() throws IOException {
        Path model = tmp.resolve("model.onnx");
        Files.write(model, new byte[] {0, 1, 2, (byte) 0xff, 42});

        JsonNode version = json(gyre.run("data", "add", model.toString(), "-p", project, "--name", "model",
                "--format", "bin", "--json")).get("version");

        assertThat(version.get("format").asText()).isEqualTo("bin");
        assertThat(version.has("row_count")).isFalse();
        assertThat(ok(gyre.run("data", "get", "model@1", "-o", "-", "-p", project)).outBytes())
                .isEqualTo(Files.readAllBytes(model));
        assertThat(failed(gyre.run("data", "add", model.toString(), "-p", project, "--name", "m")).err())
                .startsWith("gyre: Say the format of the data");
    }

    @Test
    void badInputIsRefusedWithTheFixAndLocalMistakesBeforeAnyUpload() {
        CliRun.Result noFile = failed(gyre.run("data", "add", tmp.resolve("nope.csv").toString(), "-p", project, "--name", "x"));
        assertThat(noFile.err()).startsWith("gyre: No file or folder at ").contains("check the path");

        CliRun.Result badType = failed(gyre.run("data", "add", TITANIC.toString(), "-p", project, "--name", "x",
                "--type", "Age=number"));
        assertThat(badType.err()).contains("--type Age=number").contains("numeric, categorical");

        CliRun.Result noProject = gyre.run("data", "add", TITANIC.toString(), "--name", "x");
        assertThat(noProject.exitCode()).isEqualTo(2);
        assertThat(noProject.err()).contains("--project");

        CliRun.Result unknownProject = failed(gyre.run("data", "list", "-p", "no-such-project"));
        assertThat(unknownProject.err()).startsWith("gyre: ").contains("no-such-project");
    }

    // ------------------------------------------------------------------ list, versions, show, diff

    @Test
    void listVersionsShowAndDiffDescribeTheDataSets() throws IOException {
        addTitanic("passengers");
        Path fewer = tmp.resolve("fewer.csv");
        List<String> lines = Files.readAllLines(TITANIC);
        Files.write(fewer, lines.subList(0, 400));
        ok(gyre.run("data", "add", fewer.toString(), "-p", project, "--name", "passengers", "--parent", "passengers@1"));

        JsonNode sets = json(gyre.run("data", "list", "-p", project, "--json"));
        assertThat(sets).hasSize(1);
        assertThat(sets.get(0).get("name").asText()).isEqualTo("passengers");
        assertThat(sets.get(0).get("versions").asInt()).isEqualTo(2);
        assertThat(ok(gyre.run("data", "list", "-p", project)).out()).startsWith("NAME").contains("passengers  2");

        String versions = ok(gyre.run("data", "versions", "passengers", "-p", project)).out();
        assertThat(versions.lines().toList()).hasSize(3);
        assertThat(versions.lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
                .containsExactly("passengers@2", "passengers@1");

        JsonNode shown = json(gyre.run("data", "show", "passengers@2", "-p", project, "--json"));
        assertThat(shown.get("version").get("parents").get(0).asText()).isEqualTo("passengers@1");
        assertThat(shown.get("version").get("profile").get("rowCount").asInt()).isEqualTo(399);
        assertThat(shown.get("lineage").get("edges").get(0).get("parent").asText()).isEqualTo("passengers@1");
        assertThat(ok(gyre.run("data", "show", "passengers@2", "-p", project)).out())
                .contains("Lineage:", "passengers@2 <- passengers@1");

        String diff = ok(gyre.run("data", "diff", "passengers@1", "passengers@2", "-p", project)).out();
        assertThat(diff).contains("rows: 891 → 399");
        JsonNode diffJson = json(gyre.run("data", "diff", "passengers@1", "passengers@2", "-p", project, "--json"));
        assertThat(diffJson.get("text").asText().stripTrailing()).isEqualTo(diff.stripTrailing());
    }

    // ------------------------------------------------------------------ suggest, validate, override

    @Test
    void aSuggestedSuitePassesOnItsOwnDataAndMarksTheVersionValidated() throws IOException {
        addTitanic("passengers");
        Path suite = tmp.resolve("suite.yaml");

        ok(gyre.run("data", "suggest", "passengers@1", "-p", project, "-o", suite.toString()));
        CliRun.Result validated = ok(gyre.run("data", "validate", "passengers@1", "--suite", suite.toString(),
                "-p", project));

        assertThat(Files.readString(suite)).contains("expectations:", "expect: not_null");
        assertThat(validated.out()).startsWith("PASSED: suite passengers on passengers@1")
                .contains("STATUS", "EXPECTATION", "row_count_between");
        assertThat(validated.err()).isEmpty();
        assertThat(json(gyre.run("data", "show", "passengers@1", "-p", project, "--json"))
                .get("version").get("status").asText()).isEqualTo("validated");
        assertThat(ok(gyre.run("data", "suggest", "passengers@1", "-p", project)).out())
                .isEqualTo(Files.readString(suite));
    }

    @Test
    void aFailingSuiteExitsWithOneWritesTheHtmlReportAndAnOverrideIsRecorded() throws IOException {
        addTitanic("passengers");
        Path suite = tmp.resolve("strict.yaml");
        Files.writeString(suite, """
                name: strict
                expectations:
                  - expect: not_null
                    column: Age
                  - expect: between
                    column: Fare
                    min: 0
                    max: 100
                  - expect: in_set
                    column: Sex
                    values: [male, female]
                """);
        Path html = tmp.resolve("reports/report.html");

        CliRun.Result result = failed(gyre.run("data", "validate", "passengers@1", "--suite", suite.toString(),
                "-p", project, "--html", html.toString()));

        assertThat(result.out()).startsWith("FAILED: suite strict on passengers@1, 1 of 3 expectations held over 891 rows.");
        assertThat(result.out().lines().filter(l -> l.startsWith("FAIL ")).toList()).hasSize(2);
        assertThat(result.out()).contains("177 (19.9%)", "e.g. row 5 missing", "max=100");
        assertThat(result.err()).startsWith("gyre: Validation of passengers@1 failed: 2 of 3 expectations")
                .contains("gyre data override passengers@1");
        assertThat(Files.readString(html)).contains("<html", "strict");
        JsonNode report = JSON.readTree(failed(gyre.run("data", "validate", "passengers@1", "--suite", suite.toString(),
                "-p", project, "--json")).out());
        assertThat(report.get("success").asBoolean()).isFalse();
        assertThat(report.get("statistics").get("failed").asInt()).isEqualTo(2);

        ok(gyre.run("data", "override", "passengers@1", "--reason", "Age is imputed by the model", "-p", project));
        ok(gyre.run("data", "get", "passengers@1", "-o", tmp.resolve("t.csv").toString(), "-p", project,
                "--purpose", "training"));
    }

    @Test
    void aFailedVersionIsRefusedForTrainingUntilOverridden() throws IOException {
        addTitanic("passengers");
        Path suite = tmp.resolve("strict.yaml");
        Files.writeString(suite, "name: strict\nexpectations:\n  - expect: not_null\n    column: Age\n");
        failed(gyre.run("data", "validate", "passengers@1", "--suite", suite.toString(), "-p", project));

        CliRun.Result refused = failed(gyre.run("data", "get", "passengers@1", "-o", tmp.resolve("t.csv").toString(),
                "-p", project, "--purpose", "training"));

        assertThat(refused.err()).startsWith("gyre: ").contains("override");
        assertThat(tmp.resolve("t.csv")).doesNotExist();
    }

    // ------------------------------------------------------------------ clean and split

    @Test
    void cleaningMakesAChildVersionAndPrintsWhatEachStepDid() throws IOException {
        addTitanic("passengers");
        Path spec = Path.of("..", "examples", "titanic", "clean.yaml");

        String out = ok(gyre.run("data", "clean", "passengers@1", "--spec", spec.toString(), "-p", project)).out();

        assertThat(out).startsWith("Cleaned passengers@1 into passengers@2: 889 rows × 10 columns")
                .contains("1 drop_columns: 891 → 891 rows, 12 → 10 columns", "2 filter: 891 → 889 rows");
        JsonNode cleaned = json(gyre.run("data", "show", "passengers@2", "-p", project, "--json")).get("version");
        assertThat(cleaned.get("step").asText()).isEqualTo("clean");
        assertThat(cleaned.get("parents").get(0).asText()).isEqualTo("passengers@1");
        JsonNode named = json(gyre.run("data", "clean", "passengers@1", "--spec", spec.toString(), "-p", project,
                "--name", "passengers-clean", "--json"));
        assertThat(named.get("version").get("ref").asText()).isEqualTo("passengers-clean@1");
    }

    @Test
    void aStratifiedSplitSealsTheTestSplitFromTraining() throws IOException {
        addTitanic("passengers");

        CliRun.Result split = ok(gyre.run("data", "split", "passengers@1", "-p", project, "--method", "stratified",
                "--column", "Survived", "--train", "0.7", "--validation", "0.15", "--test", "0.15", "--seed", "42"));

        assertThat(split.out()).contains("passengers-train@1", "passengers-validation@1", "passengers-test@1")
                .contains("The test split passengers-test@1 is sealed");
        List<Long> rows = new ArrayList<>();
        for (String name : List.of("passengers-train", "passengers-validation", "passengers-test")) {
            rows.add(json(gyre.run("data", "versions", name, "-p", project, "--json")).get(0).get("row_count").asLong());
        }
        assertThat(rows.stream().mapToLong(Long::longValue).sum()).isEqualTo(891);

        Path target = tmp.resolve("test.csv");
        CliRun.Result refused = failed(gyre.run("data", "get", "passengers-test@1", "-o", target.toString(),
                "-p", project, "--purpose", "training"));
        assertThat(refused.err()).startsWith("gyre: ").contains("sealed").contains("train split");
        assertThat(target).doesNotExist();
        ok(gyre.run("data", "get", "passengers-test@1", "-o", target.toString(), "-p", project, "--purpose", "validation"));
        assertThat(Files.readAllLines(target)).hasSize(rows.get(2).intValue() + 1);
    }

    @Test
    void splitFractionsAndMethodsAreCheckedBeforeAsking() {
        CliRun.Result sum = failed(gyre.run("data", "split", "x@1", "-p", project, "--method", "random",
                "--train", "0.7", "--test", "0.2"));
        assertThat(sum.err()).contains("add up to 1");
        CliRun.Result column = failed(gyre.run("data", "split", "x@1", "-p", project, "--method", "time",
                "--train", "0.8", "--test", "0.2"));
        assertThat(column.err()).contains("needs --column");
    }
}
