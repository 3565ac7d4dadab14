package dev.gyre.store.db;

import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class DatabaseOnPostgresTest extends DatabaseContract {

    @Override
    protected Database openUnmigrated(Path tempDir) {
        return Databases.postgresUnmigrated();
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.POSTGRES;
    }
}
