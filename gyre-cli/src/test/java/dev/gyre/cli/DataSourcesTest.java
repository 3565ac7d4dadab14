package dev.gyre.cli;

import static dev.gyre.cli.DataCommandTest.TITANIC;
import static dev.gyre.cli.DataCommandTest.failed;
import static dev.gyre.cli.DataCommandTest.json;
import static dev.gyre.cli.DataCommandTest.ok;
import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.client.RunningPlatform;
import dev.gyre.data.dvc.DvcManifest;
import dev.gyre.store.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** {@code gyre data add} from S3 and PostgreSQL, and DVC 3 import and export, against a real platform. */
class DataSourcesTest {

    @TempDir
    static Path home;

    static RunningPlatform platform;

    @TempDir
    Path tmp;

    CliRun gyre;
    String project;

    @BeforeAll
    static void startPlatform() throws IOException {
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
        project = unique("sources");
        platform.admin().createProject(project, null);
    }

    // ------------------------------------------------------------------ S3

    @Test
    void anS3ObjectIsDownloadedThenAddedWithItsUriAsSource() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(); S3Client client = s3.newClient()) {
            client.putObject(PutObjectRequest.builder().bucket(s3.bucket()).key("raw/titanic.csv").build(),
                    RequestBody.fromFile(TITANIC));
            gyre.env("AWS_ACCESS_KEY_ID", s3.accessKey()).env("AWS_SECRET_ACCESS_KEY", s3.secretKey())
                    .env("AWS_REGION", S3ProxyServer.REGION);
            String uri = "s3://" + s3.bucket() + "/raw/titanic.csv";

            JsonNode added = json(gyre.run("data", "add", uri, "-p", project, "--name", "passengers",
                    "--s3-endpoint", s3.endpoint().toString(), "--json"));

            assertThat(added.get("version").get("source_uri").asText()).isEqualTo(uri);
            assertThat(added.get("version").get("sha256").asText()).isEqualTo(Sha.of(TITANIC));
            assertThat(added.get("version").get("row_count").asInt()).isEqualTo(891);

            CliRun.Result missing = failed(gyre.run("data", "add", "s3://" + s3.bucket() + "/raw/nope.csv", "-p", project,
                    "--name", "x", "--s3-endpoint", s3.endpoint().toString()));
            assertThat(missing.err()).contains("s3://" + s3.bucket() + "/raw/nope.csv does not exist");
        }
    }

    @Test
    void anS3UriWithoutAKeyIsRefused() {
        CliRun.Result result = failed(gyre.run("data", "add", "s3://bucket-only", "-p", project, "--name", "x"));

        assertThat(result.err()).isEqualTo("gyre: 's3://bucket-only' does not name an object: use s3://BUCKET/KEY, e.g."
                + " s3://my-bucket/raw/titanic.csv.\n");
    }

    // ------------------------------------------------------------------ PostgreSQL

    @Test
    void aPostgresQueryIsAddedAsCsvWithTheDatabasesTypesAndNoCredentialsInItsSource() throws Exception {
        String url = System.getenv("GYRE_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PostgreSQL tests skipped: set GYRE_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test to run them");
        String user = System.getenv().getOrDefault("GYRE_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv("GYRE_TEST_POSTGRES_PASSWORD");
        String table = unique("cli_people_");
        try (Connection connection = connect(url, user, password); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id int, name text, score numeric, joined timestamp,"
                    + " active boolean, code varchar(5))");
            statement.execute("INSERT INTO " + table + " VALUES (1, 'Ann', 1.5, '2024-01-02 03:04:05', true, '007'),"
                    + " (2, 'Bob, Jr.', NULL, '2024-02-03', false, '010'), (3, NULL, 3, NULL, NULL, '007')");
        }
        try {
            gyre.env("PGUSER", user);
            if (password != null) {
                gyre.env("PGPASSWORD", password);
            }
            String withSecret = url + (url.contains("?") ? "&" : "?") + "password=" + (password == null ? "unused" : password);

            JsonNode added = json(gyre.run("data", "add", withSecret, "-p", project, "--name", "people",
                    "--query", "SELECT * FROM " + table + " ORDER BY id", "--json"));

            JsonNode version = added.get("version");
            assertThat(version.get("format").asText()).isEqualTo("csv");
            assertThat(version.get("row_count").asInt()).isEqualTo(3);
            assertThat(version.get("source_uri").asText()).isEqualTo(url).doesNotContain("password");
            assertThat(version.get("schema").findValuesAsText("type"))
                    .containsExactly("numeric", "categorical", "numeric", "timestamp", "boolean", "categorical");
            CliRun.Result csv = ok(gyre.run("data", "get", "people@1", "-o", "-", "-p", project));
            assertThat(csv.out()).isEqualTo("id,name,score,joined,active,code\n1,Ann,1.5,2024-01-02T03:04:05Z,true,007\n"
                    + "2,\"Bob, Jr.\",,2024-02-03T00:00:00Z,false,010\n3,,3,,,007\n");

            CliRun.Result badQuery = failed(gyre.run("data", "add", url, "-p", project, "--name", "people",
                    "--query", "SELECT * FROM " + table + "_missing"));
            assertThat(badQuery.err()).startsWith("gyre: The query failed").contains("Fix the query");
        } finally {
            try (Connection connection = connect(url, user, password); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Test
    void aJdbcSourceNeedsAQuery() {
        CliRun.Result result = failed(gyre.run("data", "add", "jdbc:postgresql://127.0.0.1:5432/test", "-p", project,
                "--name", "x"));

        assertThat(result.err()).startsWith("gyre: A jdbc: source needs --query");
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    // ------------------------------------------------------------------ DVC

    @Test
    void aDvcFileIsImportedExportedAndReImportedWithIdenticalMd5s() throws IOException {
        Path repo = tmp.resolve("repo");
        String md5 = Sha.md5(TITANIC);
        writeObject(repo, md5, Files.readAllBytes(TITANIC));
        Path dvcFile = repo.resolve("data/titanic.csv.dvc");
        Files.createDirectories(dvcFile.getParent());
        Files.writeString(dvcFile, "outs:\n- md5: " + md5 + "\n  size: " + Files.size(TITANIC)
                + "\n  hash: md5\n  path: titanic.csv\n");

        JsonNode imported = json(gyre.run("data", "import-dvc", dvcFile.toString(), "-p", project, "--name", "passengers",
                "--json"));
        assertThat(imported.get("created").asBoolean()).isTrue();
        assertThat(imported.get("version").get("sha256").asText()).isEqualTo(Sha.of(TITANIC));
        assertThat(imported.get("version").get("row_count").asInt()).isEqualTo(891);

        Path out = tmp.resolve("export");
        String exported = ok(gyre.run("data", "export-dvc", "passengers@1", "-p", project, "-o", out.toString())).out();
        assertThat(exported).startsWith("Exported passengers@1 to " + out.resolve("passengers.csv"));
        assertThat(out.resolve("passengers.csv")).hasSameBinaryContentAs(TITANIC);
        assertThat(Files.readString(out.resolve("passengers.csv.dvc"))).contains("md5: " + md5, "path: passengers.csv");
        assertThat(out.resolve(".dvc/cache/files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2)))
                .hasSameBinaryContentAs(TITANIC);

        JsonNode again = json(gyre.run("data", "import-dvc", out.resolve("passengers.csv.dvc").toString(), "-p", project,
                "--name", "passengers", "--json"));
        assertThat(again.get("created").asBoolean()).isFalse();
        assertThat(again.get("uploaded_bytes").asLong()).isZero();
        assertThat(again.get("version").get("ref").asText()).isEqualTo("passengers@1");
    }

    @Test
    void aDvcFolderRoundTripsWithTheSameDirectoryMd5() throws IOException {
        Path repo = tmp.resolve("repo");
        byte[] a = "first file\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "second, in a folder\n".getBytes(StandardCharsets.UTF_8);
        String md5a = Sha.digest("MD5", a);
        String md5b = Sha.digest("MD5", b);
        writeObject(repo, md5a, a);
        writeObject(repo, md5b, b);
        DvcManifest manifest = new DvcManifest(List.of(new DvcManifest.Entry(md5a, "a.txt"),
                new DvcManifest.Entry(md5b, "sub/b.txt")));
        writeObject(repo, manifest.dirHash(), manifest.toBytes());
        Path dvcFile = repo.resolve("docs.dvc");
        Files.writeString(dvcFile, "outs:\n- md5: " + manifest.dirHash() + "\n  size: " + (a.length + b.length)
                + "\n  nfiles: 2\n  hash: md5\n  path: docs\n");

        JsonNode imported = json(gyre.run("data", "import-dvc", dvcFile.toString(), "-p", project, "--name", "docs",
                "--json"));
        assertThat(imported.get("version").get("kind").asText()).isEqualTo("directory");
        assertThat(imported.get("version").get("file_count").asInt()).isEqualTo(2);

        Path out = tmp.resolve("export");
        ok(gyre.run("data", "export-dvc", "docs@1", "-p", project, "-o", out.toString()));
        assertThat(Files.readString(out.resolve("docs.dvc"))).contains("md5: " + manifest.dirHash(), "nfiles: 2");
        assertThat(out.resolve("docs/sub/b.txt")).hasBinaryContent(b);

        JsonNode again = json(gyre.run("data", "import-dvc", out.resolve("docs.dvc").toString(), "-p", project,
                "--name", "docs", "--json"));
        assertThat(again.get("created").asBoolean()).isFalse();
        assertThat(again.get("version").get("sha256").asText()).isEqualTo(imported.get("version").get("sha256").asText());
    }

    @Test
    void aCorruptedDvcObjectIsRefusedAndNothingIsAdded() throws IOException {
        Path repo = tmp.resolve("repo");
        String md5 = Sha.md5(TITANIC);
        byte[] corrupted = Files.readAllBytes(TITANIC);
        corrupted[100] ^= 1;
        writeObject(repo, md5, corrupted);
        Path dvcFile = repo.resolve("titanic.csv.dvc");
        Files.writeString(dvcFile, "outs:\n- md5: " + md5 + "\n  size: " + corrupted.length
                + "\n  hash: md5\n  path: titanic.csv\n");

        CliRun.Result result = failed(gyre.run("data", "import-dvc", dvcFile.toString(), "-p", project, "--name", "p"));

        assertThat(result.err()).startsWith("gyre: ").contains("corrupted");
        assertThat(json(gyre.run("data", "list", "-p", project, "--json"))).isEmpty();
    }

    /** Writes an object into the DVC 3 cache of {@code repo}: {@code .dvc/cache/files/md5/ab/cdef…}. */
    private static void writeObject(Path repo, String md5, byte[] bytes) throws IOException {
        Path object = repo.resolve(".dvc/cache/files/md5").resolve(md5.substring(0, 2)).resolve(md5.substring(2));
        Files.createDirectories(object.getParent());
        Files.write(object, bytes);
    }
}
