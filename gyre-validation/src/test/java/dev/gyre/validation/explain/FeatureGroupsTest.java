package dev.gyre.validation.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureGroupsTest {

    @Test
    void groupsTheOutputColumnsOfEachInputColumn() {
        BitSet missing = new BitSet();
        missing.set(2);
        Table table = new Table(List.of(
                CategoricalColumn.of("Sex", "male", "female", "female", "male", "male"),
                new NumericColumn("Age", new double[] {22, 38, 0, 35, 54}, missing),
                new NumericColumn("Age_band", new double[] {1, 2, 1, 2, 3}, new BitSet()),
                CategoricalColumn.of("Embarked", "S", "C", "S", "Q", "S")));
        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(table), new FeatureSpecParser().parse("""
                columns:
                  Sex: [one_hot]
                  Age: [{impute: median, indicator: true}]
                  Embarked: [{hashing: {buckets: 2}}]
                """));
        List<String> names = features.featureNames();

        FeatureGroups groups = FeatureGroups.byInputColumn(features, names);

        assertThat(groups.names()).containsExactly("Sex", "Age", "Age_band", "Embarked");
        for (int g = 0; g < groups.size(); g++) {
            for (int c : groups.columns().get(g)) {
                assertThat(names.get(c)).startsWith(groups.names().get(g));
            }
        }
        assertThat(groups.columns().get(0)).hasSize(2);
        assertThat(groups.columns().get(1)).hasSize(2);
        assertThat(groups.columns().get(2)).hasSize(1);
        assertThat(groups.columns().get(3)).hasSize(2);
    }

    @Test
    void singleKeepsEveryColumnApart() {
        FeatureGroups groups = FeatureGroups.single(List.of("a=1", "a=2"));
        assertThat(groups.names()).containsExactly("a=1", "a=2");
    }
}
