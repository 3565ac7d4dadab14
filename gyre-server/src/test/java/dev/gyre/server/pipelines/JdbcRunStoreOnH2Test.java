package dev.gyre.server.pipelines;

import dev.gyre.pipelines.RunStore;
import dev.gyre.pipelines.RunStoreContract;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The run store contract on the embedded database. */
class JdbcRunStoreOnH2Test extends RunStoreContract {
    @TempDir
    Path tmp;
    Database database;

    @Override
    protected RunStore newStore() {
        database = Databases.h2(tmp);
        return new JdbcRunStore(database);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }
}
