package dev.gyre.tracking.audit;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class AuditAndCommentsOnH2Test extends AuditAndCommentsContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.h2(tempDir);
    }
}
