package dev.gyre.tracking.project;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class ProjectServiceOnH2Test extends ProjectServiceContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.h2(tempDir);
    }
}
