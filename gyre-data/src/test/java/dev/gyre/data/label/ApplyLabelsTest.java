package dev.gyre.data.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyLabelsTest {

    private final Table version = Table.of(NumericColumn.of("x", 1, 2, 3, 4));

    @Test
    void addsACategoricalColumnWithMissingValuesForUnlabelledRows() {
        Table labelled = LabelService.applyLabels(version, Map.of(0, "spam", 2, "ham", 3, "spam"), "label");

        assertThat(labelled.schema().names()).containsExactly("x", "label");
        assertThat(labelled.column("label").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(((CategoricalColumn) labelled.column("label")).dictionary()).containsExactlyInAnyOrder("spam", "ham");
        assertThat(labelled.row(0)).containsEntry("label", "spam");
        assertThat(labelled.row(1)).containsEntry("label", null);
        assertThat(labelled.row(2)).containsEntry("label", "ham");
    }

    @Test
    void refusesAnExistingColumnAndRowsOutsideTheTable() {
        assertThatThrownBy(() -> LabelService.applyLabels(version, Map.of(0, "a"), "x"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("already has a column 'x'");
        assertThatThrownBy(() -> LabelService.applyLabels(version, Map.of(4, "a"), "label"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("label for row 4, but the table has 4 rows");
    }

    @Test
    void finalLabelsNeedAStrictMajorityOfEnoughLabels() {
        assertThat(FinalLabels.majority(List.of("a", "a", "b"))).contains("a");
        assertThat(FinalLabels.majority(List.of("a", "b"))).isEmpty();
        assertThat(FinalLabels.plurality(List.of("a", "b", "b", "c"))).contains("b");
        assertThat(FinalLabels.plurality(List.of("a", "b"))).isEmpty();
    }
}
