package dev.gyre.data.dvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DvcFileTest {

    @Test
    void parsesDvc3AndLegacyEntriesIgnoringKeysItDoesNotUse() {
        DvcFile file = DvcFile.parse("""
                md5: 0123456789abcdef0123456789abcdef
                frozen: true
                outs:
                - md5: 3863d0e317d3b2c2bc2d2a7e6a8ef2a0.dir
                  size: 1043
                  nfiles: 3
                  hash: md5
                  path: data
                  desc: the training images
                  cache: true
                - md5: a304afb96060aad90176268345e10355
                  size: 37891850
                  path: data.xml
                """);

        assertThat(file.outs()).containsExactly(
                new DvcOut("3863d0e317d3b2c2bc2d2a7e6a8ef2a0.dir", 1043L, 3, "md5", "data"),
                new DvcOut("a304afb96060aad90176268345e10355", 37891850L, null, null, "data.xml"));
        assertThat(file.outs().get(0).isDirectory()).isTrue();
        assertThat(file.outs().get(0).bareMd5()).isEqualTo("3863d0e317d3b2c2bc2d2a7e6a8ef2a0");
        assertThat(file.outs().get(1).isLegacy()).isTrue();
    }

    @Test
    void writesDvc3KeysInDvcsOrder() {
        DvcFile file = new DvcFile(List.of(
                DvcOut.directory("3863d0e317d3b2c2bc2d2a7e6a8ef2a0", 1043, 3, "data"),
                DvcOut.file("a304afb96060aad90176268345e10355", 37891850, "raw/data.xml")));

        assertThat(file.toYaml()).isEqualTo("""
                outs:
                - md5: 3863d0e317d3b2c2bc2d2a7e6a8ef2a0.dir
                  size: 1043
                  nfiles: 3
                  hash: md5
                  path: data
                - md5: a304afb96060aad90176268345e10355
                  size: 37891850
                  hash: md5
                  path: raw/data.xml
                """);
        assertThat(DvcFile.parse(file.toYaml())).isEqualTo(file);
    }

    @Test
    void neverWritesLegacyEntries() {
        DvcFile legacy = new DvcFile(List.of(new DvcOut("a304afb96060aad90176268345e10355", 3L, null, null, "x.csv")));

        assertThatThrownBy(legacy::toYaml).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("legacy DVC 2 entry");
    }

    @Test
    void quotesPathsThatYamlWouldReadAsSomethingElse() {
        List<String> paths = List.of("true", "No", "1.0", "2024-01-01.csv", "it's here.csv", "caf\u00e9.csv",
                "~home", "- dash", "null", "#hash", "a: b", "tab\u2028sep");
        for (String path : paths) {
            DvcFile file = new DvcFile(List.of(DvcOut.file("a304afb96060aad90176268345e10355", 1, path)));

            assertThat(DvcFile.parse(file.toYaml()).outs().get(0).path()).as(path).isEqualTo(path);
        }
        assertThat(YamlScalars.scalar("data/raw_2.csv")).isEqualTo("data/raw_2.csv");
        assertThat(YamlScalars.scalar("true")).isEqualTo("'true'");
        assertThat(YamlScalars.scalar("it's")).isEqualTo("'it''s'");
    }

    @Test
    void refusesEntriesThatLeaveTheFolderOrAreMalformed() {
        assertThatThrownBy(() -> DvcFile.parse("outs:\n- md5: a304afb96060aad90176268345e10355\n  path: ../../etc/x\n"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("below the .dvc file's folder");
        assertThatThrownBy(() -> DvcFile.parse("outs:\n- md5: a304afb96060aad90176268345e10355\n  path: /etc/x\n"))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> DvcFile.parse("outs:\n- md5: nothex\n  path: x\n"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("32 hexadecimal digits");
        assertThatThrownBy(() -> DvcFile.parse("outs:\n- md5: a304afb96060aad90176268345e10355\n  hash: sha1\n"
                + "  path: x\n")).hasMessageContaining("only 'md5'");
        assertThatThrownBy(() -> DvcFile.parse("stages: {}\n")).hasMessageContaining("no 'outs' list");
        assertThatThrownBy(() -> DvcFile.parse("outs: [\n")).hasMessageContaining("not valid YAML");
    }
}
