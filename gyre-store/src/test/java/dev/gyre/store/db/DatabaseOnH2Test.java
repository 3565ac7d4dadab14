package dev.gyre.store.db;

import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class DatabaseOnH2Test extends DatabaseContract {

    @Override
    protected Database openUnmigrated(Path tempDir) {
        return Databases.h2Unmigrated(tempDir);
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.H2;
    }
}
