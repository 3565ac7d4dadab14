package dev.gyre.features;

import static dev.gyre.features.Tables.categories;
import static dev.gyre.features.Tables.column;
import static dev.gyre.features.Tables.fit;
import static dev.gyre.features.Tables.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitChecksTest {
    private final Table table = Tables.of(numbers("Age", 22.0, 38.0), categories("Sex", "male", "female"),
            numbers("Survived", 0.0, 1.0));

    @Test
    void anUnknownColumnNamesTheLineAndTheColumnsThereAre() {
        assertThatThrownBy(() -> fit(table, "target: Survived\ncolumns:\n  Sex: [one_hot]\n  Agee: [standardize]\n"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Line 4, field 'columns.Agee': no column 'Agee' in the training table; the table's columns"
                        + " are [Age, Sex, Survived].");
    }

    @Test
    void anUnknownDroppedColumnOrSourceOrTargetNamesTheLine() {
        assertThatThrownBy(() -> fit(table, "target: Survived\ncolumns: {Sex: [one_hot]}\ndrop: [Age, Name]\n"))
                .hasMessageContaining("Line 3, field 'drop[2]': cannot drop 'Name': it is not a column of the training"
                        + " table; the table's columns are [Age, Sex, Survived].");
        assertThatThrownBy(() -> fit(table, "derive:\n  - {name: t, regex_extract: {column: Name, pattern: x}}\n"))
                .hasMessageContaining("Line 2, field 'derive[1]': reads 'Name', which is not a column of the table;"
                        + " the table's columns are [Age, Sex, Survived] and the derived columns are [t].");
        assertThatThrownBy(() -> fit(table, "target: survived\ncolumns: {Sex: [one_hot]}\n"))
                .hasMessageContaining("Line 1, field 'target': the target 'survived' is not a column of the training"
                        + " table");
    }

    @Test
    void theTargetIsNeverAFeatureAndIsNotNeededToTransform() {
        FittedFeatures f = fit(table, "target: Survived\ncolumns: {Sex: [one_hot]}\n");
        assertThat(f.featureNames()).containsExactly("Age", "Sex=female", "Sex=male");
        assertThat(f.target()).contains("Survived");
        assertThat(f.inputs()).extracting(dev.gyre.core.table.Field::name).containsExactly("Age", "Sex");
        Table withoutTarget = table.drop(java.util.List.of("Survived"));
        assertThat(column(f.transform(withoutTarget), "Sex=female")).containsExactly(0, 1);
    }

    @Test
    void aColumnMissingFromTheTableToTransformIsNamed() {
        FittedFeatures f = fit(table, "target: Survived\ncolumns: {Sex: [one_hot]}\n");
        assertThatThrownBy(() -> f.transform(table.drop(java.util.List.of("Age"))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("The table has no column 'Age', which the features read; the table's columns are"
                        + " [Sex, Survived].");
    }

    @Test
    void aColumnOfAnotherTypeIsRefusedButCategoricalAndTextAreInterchangeable() {
        FittedFeatures f = fit(table, "target: Survived\ncolumns: {Sex: [one_hot]}\n");
        Table ageAsText = Tables.of(categories("Age", "22"), categories("Sex", "male"));
        assertThatThrownBy(() -> f.transform(ageAsText))
                .hasMessageContaining("Column 'Age' is categorical in this table but was numeric when the features"
                        + " were fitted");
        Table sexAsText = Tables.of(numbers("Age", 30.0), dev.gyre.core.table.TextColumn.of("Sex", "female"));
        assertThat(f.transformRow(sexAsText.row(0))).containsExactly(f.transform(sexAsText).row(0).values().stream()
                .mapToDouble(v -> (Double) v).toArray());
    }

    @Test
    void aRowValueOfTheWrongTypeIsNamed() {
        FittedFeatures f = fit(table, "target: Survived\ncolumns: {Sex: [one_hot]}\n");
        assertThatThrownBy(() -> f.transformRow(Map.of("Age", "22", "Sex", "male")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Column 'Age' is numeric and needs a number; got the String '22'.");
    }

    @Test
    void absentRowValuesAreMissingAndExtraOnesIgnored() {
        FittedFeatures f = fit(table, "target: Survived\ncolumns: {Sex: [one_hot], Age: [{impute: mean}]}\n");
        assertThat(f.transformRow(Map.of("Sex", "female", "Cabin", "C85"))).containsExactly(30, 1, 0);
    }

    @Test
    void twoFeaturesWithTheSameNameAreRefused() {
        Table t = Tables.of(numbers("Age", 1.0, null), numbers("Age_missing", 0.0, 1.0));
        assertThatThrownBy(() -> fit(t, "columns: {Age: [{impute: median, indicator: true}]}"))
                .hasMessageContaining("two features would be named 'Age_missing' (from the columns 'Age' and"
                        + " 'Age_missing')");
    }

    @Test
    void anEmptyTrainingTableIsRefused() {
        assertThatThrownBy(() -> fit(table.slice(0, 0), "target: Survived\ncolumns: {Sex: [one_hot]}\n"))
                .hasMessageContaining("The training table has no rows");
    }
}
