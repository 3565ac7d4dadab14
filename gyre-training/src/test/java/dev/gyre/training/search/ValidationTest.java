package dev.gyre.training.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.training.TrainingSet;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void kFoldIsStratifiedAndCoversEveryRowOnce() {
        TrainingSet data = Data.imbalanced(30, 70, 1);
        List<Validation.Fold> folds = Validation.kFold(5).split(data, 42);
        assertThat(folds).hasSize(5);
        int[] all = folds.stream().flatMapToInt(f -> Arrays.stream(f.test())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 100).toArray());
        for (Validation.Fold f : folds) {
            long as = Arrays.stream(f.test()).filter(i -> data.classIndex(i) == 0).count();
            assertThat(as).isEqualTo(6);
            assertThat(f.test()).hasSize(20);
            assertThat(f.train()).hasSize(80).doesNotContain(f.test());
        }
    }

    @Test
    void foldAssignmentDependsOnlyOnTheSeed() {
        TrainingSet data = Data.binary(97, 3);
        List<Validation.Fold> a = Validation.kFold(4).split(data, 9);
        List<Validation.Fold> b = Validation.kFold(4).split(data, 9);
        List<Validation.Fold> c = Validation.kFold(4).split(data, 10);
        for (int f = 0; f < 4; f++) {
            assertThat(a.get(f).test()).isEqualTo(b.get(f).test());
        }
        assertThat(a.get(0).test()).isNotEqualTo(c.get(0).test());
    }

    @Test
    void holdoutKeepsTheClassBalance() {
        TrainingSet data = Data.imbalanced(40, 60, 2);
        List<Validation.Fold> split = Validation.holdout(0.25).split(data, 1);
        assertThat(split).hasSize(1);
        assertThat(split.get(0).test()).hasSize(25);
        assertThat(Arrays.stream(split.get(0).test()).filter(i -> data.classIndex(i) == 0).count()).isEqualTo(10);
    }

    @Test
    void aClassWithFewerRowsThanFoldsIsRefused() {
        assertThatThrownBy(() -> Validation.kFold(5).split(Data.imbalanced(3, 50, 1), 0))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("class 'a' has 3 rows").hasMessageContaining("fewer folds");
        assertThatThrownBy(() -> Validation.kFold(1)).isInstanceOf(GyreException.InvalidArgument.class);
    }
}
