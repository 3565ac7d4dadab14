package dev.gyre.data.version;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class SealedSplitOnH2Test extends SealedSplitContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.h2(tempDir);
    }
}
