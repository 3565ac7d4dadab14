package dev.gyre.tracking.audit;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class AuditAndCommentsOnPostgresTest extends AuditAndCommentsContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.postgres();
    }
}
