package dev.gyre.tracking;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;

class MetricGroupCommitOnH2Test extends MetricGroupCommitContract {

    @Override
    protected Database open(Path tempDir) {
        return Databases.h2(tempDir);
    }
}
