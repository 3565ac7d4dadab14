package dev.gyre.server.pipelines;

import dev.gyre.pipelines.RunStore;
import dev.gyre.pipelines.RunStoreContract;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import org.junit.jupiter.api.AfterEach;

/** The run store contract on PostgreSQL (skipped without GYRE_TEST_POSTGRES_URL). */
class JdbcRunStoreOnPostgresTest extends RunStoreContract {
    Database database;

    @Override
    protected RunStore newStore() {
        database = Databases.postgres();
        return new JdbcRunStore(database);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }
}
