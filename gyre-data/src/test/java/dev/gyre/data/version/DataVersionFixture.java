package dev.gyre.data.version;

import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.store.artifact.FileArtifactStore;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.CharterParser;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A project with members, a blob store and the service, on a fresh database; the contracts extend it. */
abstract class DataVersionFixture {

    static final Instant NOW = Instant.parse("2030-01-02T03:04:05.123456789Z");

    @TempDir
    Path tempDir;

    Database database;
    JdbcAuditLog audit;
    ProjectService projects;
    CountingArtifactStore store;
    BlobStore blobs;
    DataVersionService service;
    Project titanic;
    User alice;
    User bob;
    User carol;
    User dave;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        audit = new JdbcAuditLog(database);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        projects = new ProjectService(database, audit, new CharterParser(), clock);
        store = new CountingArtifactStore(new FileArtifactStore(tempDir.resolve("artifacts")));
        blobs = new BlobStore(store);
        service = new DataVersionService(database, blobs, projects, audit, clock);
        JdbcUserStore users = new JdbcUserStore(database);
        alice = users.create("alice", Role.DATA_SCIENTIST, null);
        bob = users.create("bob", Role.VIEWER, null);
        carol = users.create("carol", Role.DATA_ENGINEER, null);
        dave = users.create("dave", Role.DATA_SCIENTIST, null);
        titanic = projects.create("titanic", null, alice);
        projects.addMember("titanic", "bob", Role.VIEWER, alice);
        projects.addMember("titanic", "carol", Role.DATA_ENGINEER, alice);
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- internals

    /** The client's flow: hash locally, ask which blobs are missing, upload those, then record the version. */
    CreatedVersion addDirectory(Path dir) {
        DirectoryHash hash = new ContentHasher().hashDirectory(dir);
        List<String> needed = new ArrayList<>();
        hash.files().forEach(f -> needed.add(f.hash().sha256()));
        needed.add(hash.sha256());
        for (String missing : blobs.missing(needed)) {
            if (missing.equals(hash.sha256())) {
                byte[] manifest = hash.manifest().toBytes();
                blobs.put(missing, new ByteArrayInputStream(manifest), manifest.length);
            } else {
                hash.files().stream().filter(f -> f.hash().sha256().equals(missing)).findFirst()
                        .ifPresent(f -> blobs.put(missing, f.file()));
            }
        }
        return service.createVersion("titanic", "images", NewVersion.directory(hash.sha256()), alice);
    }

    DataVersion add(String dataSet, String content, NewVersion spec) {
        String sha = upload(content);
        NewVersion effective = spec != null ? spec : NewVersion.file(sha, content.length(), "csv");
        return service.createVersion("titanic", dataSet, effective, alice).version();
    }

    String upload(String content) {
        return uploadBytes(content.getBytes(StandardCharsets.UTF_8));
    }

    String uploadBytes(byte[] bytes) {
        String sha = Digests.sha256Hex(bytes);
        blobs.put(sha, new ByteArrayInputStream(bytes), bytes.length);
        return sha;
    }

    static String sha(String content) {
        return Digests.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }
}
