package dev.gyre.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import org.junit.jupiter.api.Test;

class ProfileDiffTest {

    private static final DatasetProfile BEFORE = Profiler.of(Table.of(
            NumericColumn.of("age", 20, 30, 40, 50),
            CategoricalColumn.of("sex", "m", "f", "m", "m"),
            TextColumn.of("id", "1", "2", "3", "4"),
            NumericColumn.of("cabin", 1, 2, 3, 4)));
    private static final DatasetProfile AFTER = Profiler.of(Table.of(
            NumericColumn.of("age", 30, 40, 50, 60, 70),
            CategoricalColumn.of("sex", "m", "f", "f", "f", null),
            NumericColumn.of("id", 1, 2, 3, 4, 5),
            NumericColumn.of("fare", 7, 8, 9, 10, 11)));

    @Test
    void schemaChangesAreListed() {
        ProfileDiff diff = ProfileDiff.between(BEFORE, AFTER);

        assertThat(diff.rowCountBefore()).isEqualTo(4);
        assertThat(diff.rowCountAfter()).isEqualTo(5);
        assertThat(diff.addedColumns()).containsExactly(new Field("fare", ColumnType.NUMERIC));
        assertThat(diff.removedColumns()).containsExactly(new Field("cabin", ColumnType.NUMERIC));
        assertThat(diff.typeChanges())
                .containsExactly(new ProfileDiff.TypeChange("id", ColumnType.TEXT, ColumnType.NUMERIC));
        assertThat(diff.schemaChanged()).isTrue();
        assertThat(diff.columns()).extracting(ProfileDiff.ColumnDiff::column).containsExactly("age", "sex", "id");
    }

    @Test
    void statisticsOfColumnsInBothAreCompared() {
        ProfileDiff diff = ProfileDiff.between(BEFORE, AFTER);

        ProfileDiff.ColumnDiff age = diff.column("age").orElseThrow();
        ProfileDiff.StatChange mean = age.statistic("mean").orElseThrow();
        assertThat(mean.before()).isEqualTo(35.0);
        assertThat(mean.after()).isEqualTo(50.0);
        assertThat(mean.delta()).isEqualTo(15.0);
        assertThat(mean.relativeChange()).isCloseTo(15.0 / 35.0, within(1e-12));
        assertThat(age.statistic("std").orElseThrow().changed()).isTrue();
        assertThat(age.statistic("p50")).isPresent();
        assertThat(age.statistic("missing_rate").orElseThrow().changed()).isFalse();

        ProfileDiff.ColumnDiff sex = diff.column("sex").orElseThrow();
        assertThat(sex.statistic("missing_rate").orElseThrow().after()).isEqualTo(0.2);
        assertThat(sex.topValues()).containsExactly(new ProfileDiff.ValueShareChange("f", 0.25, 0.75),
                new ProfileDiff.ValueShareChange("m", 0.75, 0.25));

        ProfileDiff.ColumnDiff id = diff.column("id").orElseThrow();
        assertThat(id.changed()).isTrue();
        assertThat(id.statistics()).extracting(ProfileDiff.StatChange::statistic)
                .containsExactly("missing_rate", "distinct");
    }

    @Test
    void theTextRenderingShowsOnlyWhatChanged() {
        String text = ProfileDiff.between(BEFORE, AFTER).toText();

        assertThat(text).startsWith("rows: 4 → 5 (+1, +25%)\n");
        assertThat(text).contains("added columns: fare (numeric)\n")
                .contains("removed columns: cabin (numeric)\n")
                .contains("type changed: id text → numeric\n")
                .contains("age (numeric)\n")
                .contains("  mean          35 → 50 (+42.86%)\n")
                .contains("  'f'           25% → 75%\n")
                .contains("  missing_rate  0% → 20%\n");
        assertThat(text).doesNotContain("age (numeric)\n  missing_rate");
    }

    @Test
    void theTextRenderingShowsAtMostFiveValueSharesPerColumn() {
        String[] many = new String[12];
        String[] others = new String[12];
        for (int i = 0; i < 12; i++) {
            many[i] = "v" + i;
            others[i] = "w" + i;
        }
        String text = ProfileDiff.between(Profiler.of(Table.of(CategoricalColumn.of("c", many))),
                Profiler.of(Table.of(CategoricalColumn.of("c", others)))).toText();
        assertThat(text.lines().filter(line -> line.startsWith("  'v") || line.startsWith("  'w"))).hasSize(5);
        assertThat(text).contains("  … and 15 more values\n");
    }

    @Test
    void identicalProfilesShowNoChange() {
        ProfileDiff diff = ProfileDiff.between(BEFORE, BEFORE);
        assertThat(diff.schemaChanged()).isFalse();
        assertThat(diff.columns()).noneMatch(ProfileDiff.ColumnDiff::changed);
        assertThat(diff.toText()).isEqualTo("rows: 4 → 4\nunchanged: age, sex, id, cabin\n");
    }

    @Test
    void theJsonFormCarriesEveryComparison() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ProfileDiff.between(BEFORE, AFTER).toJson());

        assertThat(json.get("rowCount").get("before").asLong()).isEqualTo(4);
        assertThat(json.get("addedColumns").get(0).get("name").asText()).isEqualTo("fare");
        assertThat(json.get("removedColumns").get(0).get("type").asText()).isEqualTo("numeric");
        assertThat(json.get("typeChanges").get(0).get("after").asText()).isEqualTo("numeric");
        JsonNode age = json.get("columns").get(0);
        assertThat(age.get("name").asText()).isEqualTo("age");
        assertThat(age.get("changed").asBoolean()).isTrue();
        JsonNode mean = null;
        for (JsonNode stat : age.get("statistics")) {
            if (stat.get("name").asText().equals("mean")) {
                mean = stat;
            }
        }
        assertThat(mean).isNotNull();
        assertThat(mean.get("before").asDouble()).isEqualTo(35.0);
        assertThat(mean.get("after").asDouble()).isEqualTo(50.0);
        assertThat(mean.get("delta").asDouble()).isEqualTo(15.0);
        assertThat(mean.get("changed").asBoolean()).isTrue();
        assertThat(json.get("columns").get(1).get("topValues").get(0).get("value").asText()).isEqualTo("f");
    }
}
