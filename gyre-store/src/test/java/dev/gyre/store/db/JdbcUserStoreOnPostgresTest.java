package dev.gyre.store.db;

import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class JdbcUserStoreOnPostgresTest extends JdbcUserStoreContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.postgres();
    }
}
