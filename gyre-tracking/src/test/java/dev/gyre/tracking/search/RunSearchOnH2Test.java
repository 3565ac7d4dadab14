package dev.gyre.tracking.search;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class RunSearchOnH2Test extends RunSearchContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.h2(tempDir);
    }
}
