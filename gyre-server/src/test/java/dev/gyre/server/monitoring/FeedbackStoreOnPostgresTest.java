package dev.gyre.server.monitoring;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class FeedbackStoreOnPostgresTest extends FeedbackStoreContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.postgres();
    }
}
