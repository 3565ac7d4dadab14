package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.charter.TaskType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSetTest {

    private static final List<String> AB = List.of("a", "b");

    @Test
    void classesAreTheSortedDistinctLabelsAndFixTheTaskType() {
        TrainingSet binary = TrainingSet.classification(new double[][] {{1, 2}, {3, 4}, {5, 6}}, AB,
                new String[] {"yes", "no", "yes"});
        TrainingSet three = TrainingSet.classification(new double[][] {{1, 2}, {3, 4}, {5, 6}}, AB,
                new String[] {"z", "x", "y"});

        assertThat(binary.classes()).containsExactly("no", "yes");
        assertThat(binary.task()).contains(TaskType.BINARY_CLASSIFICATION);
        assertThat(binary.classIndex(0)).isEqualTo(1);
        assertThat(three.task()).contains(TaskType.MULTICLASS_CLASSIFICATION);
        assertThat(TrainingSet.unlabelled(new double[][] {{1, 2}}, AB).task()).isEmpty();
        assertThat(TrainingSet.regression(new double[][] {{1, 2}}, AB, new double[] {3}).learningTask())
                .isEqualTo(LearningTask.REGRESSION);
    }

    @Test
    void copiesItsInputSoLaterChangesDoNotLeakIn() {
        double[][] x = {{1, 2}, {3, 4}};
        TrainingSet data = TrainingSet.regression(x, AB, new double[] {1, 2});

        x[0][0] = 99;
        data.x()[1][1] = 99;
        data.row(1)[0] = 99;

        assertThat(data.value(0, 0)).isEqualTo(1);
        assertThat(data.value(1, 1)).isEqualTo(4);
        assertThat(data.value(1, 0)).isEqualTo(3);
    }

    @Test
    void rejectsMissingValuesWithTheCellNamed() {
        assertThatThrownBy(() -> TrainingSet.regression(new double[][] {{1, Double.NaN}}, AB, new double[] {1}))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("row 0, feature 'b' is NaN; impute or drop missing and infinite values before training");
    }

    @Test
    void rejectsShapeMismatches() {
        assertThatThrownBy(() -> TrainingSet.regression(new double[][] {{1, 2}, {3}}, AB, new double[] {1, 2}))
                .hasMessage("row 1 has 1 values but there are 2 feature names; every row needs one value per feature");
        assertThatThrownBy(() -> TrainingSet.regression(new double[][] {{1, 2}}, AB, new double[] {1, 2}))
                .hasMessage("there are 2 targets for 1 rows; give exactly one target per row");
        assertThatThrownBy(() -> TrainingSet.unlabelled(new double[0][], AB))
                .hasMessage("the training set has no rows; give at least one");
        assertThatThrownBy(() -> TrainingSet.unlabelled(new double[][] {{1, 2}}, List.of("a", "a")))
                .hasMessage("feature name 'a' is blank or repeated; give each feature a distinct name");
    }

    @Test
    void rejectsLabelsOutsideTheClassListAndSingleClassSets() {
        assertThatThrownBy(() -> TrainingSet.classification(new double[][] {{1, 2}}, AB, new String[] {"c"},
                List.of("a", "b"))).hasMessage("row 0 has label 'c', which is not one of the classes [a, b]");
        assertThatThrownBy(() -> TrainingSet.classification(new double[][] {{1, 2}}, AB, new String[] {"a"}))
                .hasMessageStartingWith("a classification set needs at least two classes, found [a]");
        assertThatThrownBy(() -> TrainingSet.classification(new double[][] {{1, 2}}, AB, new String[] {null}))
                .hasMessageStartingWith("row 0 has no class label");
    }

    @Test
    void selectKeepsTheClassesEvenWhenARowSubsetLacksOne() {
        TrainingSet data = TrainingSet.classification(new double[][] {{1, 2}, {3, 4}}, AB, new String[] {"x", "y"});

        TrainingSet one = data.select(new int[] {1, 1});

        assertThat(one.rows()).isEqualTo(2);
        assertThat(one.classes()).containsExactly("x", "y");
        assertThat(one.labels()).containsExactly("y", "y");
    }
}
