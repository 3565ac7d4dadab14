package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.tracking.audit.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The {@link DataVersionService} contract for versions, lineage, content and permissions; run once per database. */
abstract class DataVersionServiceContract extends DataVersionFixture {

    @Test
    void createsTheFirstVersionWithItsDataSetAndAuditsBoth() throws Exception {
        String sha = upload("id,survived\n1,0\n");

        CreatedVersion created = service.createVersion("titanic", "titanic-raw",
                NewVersion.file(sha, 16, "CSV").withSourceUri("https://example.org/titanic.csv").withStep("ingest")
                        .withRowCount(1L),
                alice);

        DataVersion v = created.version();
        assertThat(created.created()).isTrue();
        assertThat(v.ref()).hasToString("titanic-raw@1");
        assertThat(v.projectId()).isEqualTo(titanic.id());
        assertThat(v.sha256()).isEqualTo(sha);
        assertThat(v.kind()).isEqualTo(VersionKind.FILE);
        assertThat(v.format()).isEqualTo("csv");
        assertThat(v.sizeBytes()).isEqualTo(16);
        assertThat(v.fileCount()).isEqualTo(1);
        assertThat(v.sourceUri()).isEqualTo("https://example.org/titanic.csv");
        assertThat(v.producedByStep()).isEqualTo("ingest");
        assertThat(v.status()).isEqualTo(VersionStatus.UNVALIDATED);
        assertThat(v.splitRole()).isNull();
        assertThat(v.rowCount()).isEqualTo(1L);
        assertThat(v.createdBy()).isEqualTo(alice.id());
        assertThat(v.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.123456Z"));
        assertThat(service.version(v.id(), bob)).isEqualTo(v);
        assertThat(service.dataSets("titanic", bob)).singleElement()
                .satisfies(set -> {
                    assertThat(set.name()).isEqualTo("titanic-raw");
                    assertThat(set.latestVersion()).isEqualTo(1);
                });
        List<String> actions = audit.list(titanic.id(), 0, 100).stream().map(r -> r.event().action()).toList();
        assertThat(actions).endsWith("data_set.create", "data_version.create");
        AuditRecord record = audit.listForEntity("data_version", "titanic-raw@1").get(0);
        assertThat(new ObjectMapper().readTree(record.event().afterJson()).get("sha256").asText()).isEqualTo(sha);
    }

    @Test
    void addingIdenticalContentAgainReturnsTheSameVersionAndUploadsZeroBytes() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("images/cats"));
        Files.writeString(dir.resolve("1.txt"), "meow");
        Files.writeString(dir.resolve("2.txt"), "purr");
        Files.writeString(dir.getParent().resolve("labels.csv"), "file,label\ncats/1.txt,cat\n");

        CreatedVersion first = addDirectory(dir.getParent());
        assertThat(store.puts()).isEqualTo(4);
        store.reset();
        CreatedVersion second = addDirectory(dir.getParent());

        assertThat(first.created()).isTrue();
        assertThat(first.version().kind()).isEqualTo(VersionKind.DIRECTORY);
        assertThat(first.version().fileCount()).isEqualTo(3);
        assertThat(first.version().sizeBytes()).isEqualTo(8 + 26);
        assertThat(second.created()).isFalse();
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(store.puts()).isZero();
        assertThat(store.bytesUploaded()).isZero();
        assertThat(service.versions("titanic", "images", alice)).hasSize(1);
    }

    @Test
    void numbersVersionsPerDataSetAndResolvesReferences() {
        for (String content : List.of("v1", "v2", "v3")) {
            service.createVersion("titanic", "titanic-raw", NewVersion.file(upload(content), 2, "csv"), alice);
        }
        DataVersion other = service.createVersion("titanic", "other", NewVersion.file(upload("v2"), 2, "csv"), alice)
                .version();

        assertThat(service.versions("titanic", "titanic-raw", bob)).extracting(DataVersion::version)
                .containsExactly(1, 2, 3);
        assertThat(other.version()).isEqualTo(1);
        assertThat(service.version("titanic", "titanic-raw@2", bob).sha256()).isEqualTo(sha("v2"));
        assertThat(service.version("titanic", "titanic-raw@latest", bob).version()).isEqualTo(3);
        assertThat(service.version("titanic", "titanic-raw", 1, bob).sha256()).isEqualTo(sha("v1"));
        assertThat(service.dataSets("titanic", bob)).extracting(DataSet::name, DataSet::latestVersion)
                .containsExactly(tuple("other", 1),
                        tuple("titanic-raw", 3));
        assertThatThrownBy(() -> service.version("titanic", "titanic-raw@9", bob))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("its latest is 3");
        assertThatThrownBy(() -> service.version("titanic", "nope@1", bob))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("no data set 'nope'");
        assertThatThrownBy(() -> service.versions("missing-project", "x", alice))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void refusesVersionsWhoseBlobsAreNotUploadedOrWhoseSizesDiffer() {
        String notUploaded = sha("never sent");
        assertThatThrownBy(() -> service.createVersion("titanic", "raw", NewVersion.file(notUploaded, 10, "csv"), alice))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("1 blob(s) of the new version are not in the blob store (" + notUploaded + ")")
                .hasMessageContaining("upload them first");

        String uploaded = upload("12345");
        assertThatThrownBy(() -> service.createVersion("titanic", "raw", NewVersion.file(uploaded, 6, "csv"), alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("has 5");

        DirectoryManifest manifest = new DirectoryManifest(List.of(
                new DirectoryManifest.Entry("a.csv", 5, uploaded),
                new DirectoryManifest.Entry("b.csv", 10, notUploaded)));
        String manifestSha = uploadBytes(manifest.toBytes());
        assertThatThrownBy(() -> service.createVersion("titanic", "raw", NewVersion.directory(manifestSha), alice))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("(" + notUploaded + ")");
        String notAManifest = upload("{\"files\": []}");
        assertThatThrownBy(() -> service.createVersion("titanic", "raw", NewVersion.directory(notAManifest), alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("manifest cannot be read");
        assertThat(service.dataSets("titanic", alice)).isEmpty();
    }

    @Test
    void tracesLineageThroughParentsRecursively() {
        DataVersion raw = add("raw", "raw rows", null);
        DataVersion labels = add("labels", "labels", null);
        DataVersion clean = add("clean", "clean rows", NewVersion.file(sha("clean rows"), 10, "csv")
                .withStep("clean").withParents(raw.id()));
        DataVersion joined = add("joined", "joined rows", NewVersion.file(sha("joined rows"), 11, "csv")
                .withStep("label").withParents(clean.id(), labels.id()));
        DataVersion train = add("train", "train rows", NewVersion.file(sha("train rows"), 10, "csv")
                .withStep("split").withSplitRole(SplitRole.TRAIN).withParents(joined.id(), raw.id()));

        Lineage lineage = service.lineage(train.id(), bob);

        assertThat(train.parentIds()).containsExactly(joined.id(), raw.id());
        assertThat(lineage.version()).isEqualTo(train);
        assertThat(lineage.ancestors()).extracting(v -> v.ref().toString())
                .containsExactly("joined@1", "raw@1", "clean@1", "labels@1");
        assertThat(lineage.edges()).contains(new Lineage.Edge(train.id(), joined.id()),
                new Lineage.Edge(train.id(), raw.id()), new Lineage.Edge(joined.id(), clean.id()),
                new Lineage.Edge(joined.id(), labels.id()), new Lineage.Edge(clean.id(), raw.id()));
        assertThat(service.lineage(raw.id(), bob).ancestors()).isEmpty();
    }

    @Test
    void refusesParentsThatDoNotExistOrBelongToAnotherProject() {
        projects.create("bikes", null, alice);
        String bikeSha = upload("bikes");
        DataVersion bikes = service.createVersion("bikes", "hours", NewVersion.file(bikeSha, 5, "csv"), alice).version();
        String sha = upload("titanic");

        assertThatThrownBy(() -> service.createVersion("titanic", "t",
                NewVersion.file(sha, 7, "csv").withParents(bikes.id()), alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("belongs to another project");
        assertThatThrownBy(() -> service.createVersion("titanic", "t",
                NewVersion.file(sha, 7, "csv").withParents(bikes.id() + 1000), alice))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("does not exist");
    }

    @Test
    void checksProjectPermissions() {
        String sha = upload("rows");

        assertThatThrownBy(() -> service.createVersion("titanic", "raw", NewVersion.file(sha, 4, "csv"), bob))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("role viewer");
        DataVersion v = service.createVersion("titanic", "raw", NewVersion.file(sha, 4, "csv"), carol).version();
        assertThat(service.versions("titanic", "raw", bob)).containsExactly(v);
        assertThatThrownBy(() -> service.versions("titanic", "raw", dave))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("not a member");
        assertThatThrownBy(() -> service.version(v.id(), dave)).isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> service.lineage(v.id(), dave)).isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> service.openForRead("titanic", "raw@1", ReadPurpose.EXPLORATION, dave))
                .isInstanceOf(GyreException.PermissionDenied.class);
    }

    @Test
    void keepsSchemaAndProfileAndRefusesInvalidJson() {
        String sha = upload("a,b\n1,2\n");
        String schema = "{\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        String profile = "{\"rows\":1,\"columns\":{\"a\":{\"mean\":1.0}}}";

        assertThatThrownBy(() -> service.createVersion("titanic", "raw",
                NewVersion.file(sha, 8, "csv").withSchemaJson("{not json"), alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("schema is not valid JSON");
        DataVersion v = service.createVersion("titanic", "raw", NewVersion.file(sha, 8, "csv")
                .withSchemaJson(schema).withProfileJson(profile).withRowCount(1L), alice).version();

        assertThat(v.schemaJson()).isEqualTo(schema);
        assertThat(service.profile(v.id(), bob)).contains(profile);
        assertThat(service.validationReport(v.id(), bob)).isEmpty();
    }

    @Test
    void concurrentCreatesInOneDataSetGetDistinctNumbers() throws Exception {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shas.add(upload("content " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<CreatedVersion>> futures = new ArrayList<>();
            for (String sha : shas) {
                futures.add(pool.submit(() -> service.createVersion("titanic", "stream",
                        NewVersion.file(sha, 9, "txt"), alice)));
            }
            for (Future<CreatedVersion> future : futures) {
                assertThat(future.get().created()).isTrue();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(service.versions("titanic", "stream", alice)).extracting(DataVersion::version)
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(service.dataSets("titanic", alice)).hasSize(1);
    }
}
