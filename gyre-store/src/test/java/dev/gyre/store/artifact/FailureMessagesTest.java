package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class FailureMessagesTest {

    @Test
    void fileSystemFailuresAreDescribedWithoutServerPaths() {
        String reason = AbstractArtifactStore.shortReason(
                new FileSystemException("/srv/gyre/artifacts/.gyre-tmp/upload-1.tmp", null, "No space left on device"));

        assertThat(reason).isEqualTo("FileSystemException: No space left on device");
        assertThat(AbstractArtifactStore.shortReason(new AccessDeniedException("/srv/gyre/artifacts/a.bin")))
                .isEqualTo("AccessDeniedException");
    }

    @Test
    void pathsInsideOtherMessagesAreRemovedButUrlsKept() {
        String reason = AbstractArtifactStore.shortReason(
                new IOException("cannot write /var/lib/gyre/x.bin (C:\\gyre\\data\\x.bin) via http://host:9000/b/k"));

        assertThat(reason)
                .doesNotContain("/var/lib")
                .doesNotContain("C:\\gyre")
                .contains("<path>")
                .contains("http://host:9000/b/k");
    }

    @Test
    void onlyTheFirstLineOfALongMessageIsKept() {
        String reason = AbstractArtifactStore.shortReason(new IOException("first line\n\tat some.Frame(Frame.java:1)"));

        assertThat(reason).isEqualTo("IOException: first line");
        assertThat(AbstractArtifactStore.shortReason(new IOException("x".repeat(500)))).hasSizeLessThan(200);
    }
}
