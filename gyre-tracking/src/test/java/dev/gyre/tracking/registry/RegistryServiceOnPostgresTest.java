package dev.gyre.tracking.registry;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class RegistryServiceOnPostgresTest extends RegistryServiceContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.postgres();
    }
}
