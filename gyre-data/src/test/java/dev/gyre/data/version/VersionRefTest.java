package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import org.junit.jupiter.api.Test;

class VersionRefTest {

    @Test
    void parsesNumberedAndLatestReferences() {
        assertThat(VersionRef.parse("titanic@3")).isEqualTo(VersionRef.of("titanic", 3));
        assertThat(VersionRef.parse(" titanic-raw@latest ")).isEqualTo(VersionRef.latest("titanic-raw"));
        assertThat(VersionRef.parse("titanic@LATEST").isLatest()).isTrue();
        assertThat(VersionRef.of("titanic", 3)).hasToString("titanic@3");
        assertThat(VersionRef.latest("titanic")).hasToString("titanic@latest");
    }

    @Test
    void refusesReferencesWithoutAVersionOrWithABadOne() {
        assertThatThrownBy(() -> VersionRef.parse("titanic")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("names no version").hasMessageContaining("NAME@N or NAME@latest");
        assertThatThrownBy(() -> VersionRef.parse("titanic@0")).hasMessageContaining("start at 1");
        assertThatThrownBy(() -> VersionRef.parse("titanic@v2")).hasMessageContaining("has the version 'v2'");
        assertThatThrownBy(() -> VersionRef.parse("Titanic@2")).hasMessageContaining("Invalid data set name");
        assertThatThrownBy(() -> VersionRef.parse(null)).hasMessageContaining("missing");
    }
}
