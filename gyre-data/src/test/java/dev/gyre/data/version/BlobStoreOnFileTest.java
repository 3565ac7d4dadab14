package dev.gyre.data.version;

import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.store.artifact.FileArtifactStore;

class BlobStoreOnFileTest extends BlobStoreContract {

    @Override
    protected ArtifactStore newStore() {
        return new FileArtifactStore(tempDir.resolve("artifacts"));
    }
}
