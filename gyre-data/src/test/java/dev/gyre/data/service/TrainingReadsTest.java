package dev.gyre.data.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.core.table.Table;
import dev.gyre.data.label.LabelService;
import dev.gyre.data.split.SplitSpec;
import dev.gyre.data.version.BlobStore;
import dev.gyre.data.version.DataVersionService;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.data.version.VersionKind;
import dev.gyre.store.artifact.FileArtifactStore;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.store.testing.Databases;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.ProjectService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What training code sees when it asks the data service for a table: the train split is read, typed as it was
 * added; the sealed test split, and the version the split was made from, are refused with the rule named.
 */
class TrainingReadsTest {

    @TempDir
    Path tempDir;
    Database database;
    FileArtifactStore store;
    DataService data;
    DataSteps steps;
    User ana;

    @BeforeEach
    void setUp() {
        database = Databases.h2(tempDir);
        JdbcAuditLog audit = new JdbcAuditLog(database);
        ProjectService projects = new ProjectService(database, audit);
        store = new FileArtifactStore(tempDir.resolve("artifacts"));
        BlobStore blobs = new BlobStore(store);
        DataVersionService versions = new DataVersionService(database, blobs, projects, audit, Clock.systemUTC());
        data = new DataService(versions, blobs, projects, tempDir.resolve("scratch"), 1_000_000);
        steps = new DataSteps(data, new LabelService(database, projects, audit, Clock.systemUTC()));
        ana = new JdbcUserStore(database).create("ana", Role.DATA_SCIENTIST, null);
        projects.create("titanic", null, ana);
    }

    @AfterEach
    void tearDown() {
        database.close();
        store.close();
    }

    @Test
    void trainingReadsTheTrainSplitAndIsRefusedTheSealedTestSplitAndItsSource() throws Exception {
        byte[] csv = Files.readAllBytes(Path.of("..", "examples", "titanic", "titanic.csv"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv));
        data.putBlob("titanic", sha, new java.io.ByteArrayInputStream(csv), csv.length, ana);
        data.add("titanic", "passengers", new DataService.AddRequest(VersionKind.FILE, sha, csv.length, "csv",
                "file:titanic.csv", null, null, null), ana);
        DataSteps.Split split = steps.split("titanic", "passengers@1", SplitSpec.random(0.8, 0, 0.2, 1), ana);

        Table train = data.readTable("titanic", split.train().version().ref().toString(), ReadPurpose.TRAINING, ana);
        assertThat(train.rowCount()).isEqualTo(split.train().version().rowCount().intValue());
        assertThat(train.column("Age").type().wireName()).isEqualTo("numeric");

        String test = split.test().version().ref().toString();
        assertThatThrownBy(() -> data.readTable("titanic", test, ReadPurpose.TRAINING, ana))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> data.readTable("titanic", test, ReadPurpose.FEATURE_FITTING, ana))
                .isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> data.readTable("titanic", "passengers@1", ReadPurpose.TRAINING, ana))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("test split");
        assertThat(data.readTable("titanic", test, ReadPurpose.VALIDATION, ana).rowCount())
                .isEqualTo(split.test().version().rowCount().intValue());
    }
}
