package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quickstart's traffic: passengers read from the bundled CSV, the drifted batch and its contradicting labels. */
class DriftBatchTest {

    private static final String CSV = """
            PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked
            1,0,3,"Braund, Mr. Owen Harris",male,22,1,0,A/5 21171,7.25,,S
            2,1,1,"Cumings, Mrs. John Bradley (Florence Briggs Thayer)",female,38,1,0,PC 17599,71.2833,C85,C
            6,0,3,"Moran, Mr. James",male,,0,0,330877,8.4583,,Q
            """;

    @Test
    void readsPassengersWithNumbersTextAndMissingValues() {
        List<Map<String, Object>> rows = DriftBatch.passengers(CSV.getBytes(StandardCharsets.UTF_8));

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("Name", "Braund, Mr. Owen Harris").containsEntry("Age", 22L)
                .containsEntry("Fare", 7.25).containsEntry("Cabin", null).containsEntry("Pclass", 3L);
        assertThat(rows.get(2)).containsEntry("Age", null);
        assertThat(DriftBatch.label(rows.get(1))).isEqualTo("1");
        assertThat(DriftBatch.features(rows.get(1))).doesNotContainKeys("Survived", "PassengerId")
                .containsEntry("Sex", "female");
    }

    @Test
    void readsTheBundledExample() {
        byte[] csv = PipelineSpecFiles.Source.resources(QuickstartCommand.EXAMPLE).read("titanic.csv").orElseThrow();

        List<Map<String, Object>> rows = DriftBatch.passengers(csv);

        assertThat(rows).hasSize(891);
        assertThat(rows).allSatisfy(r -> assertThat(DriftBatch.label(r)).isIn("0", "1"));
    }

    @Test
    void shiftsPassengersOlderRicherFirstClassFromQueenstown() {
        List<Map<String, Object>> rows = DriftBatch.passengers(CSV.getBytes(StandardCharsets.UTF_8));

        List<Map<String, Object>> batch = DriftBatch.build(rows, 200, 7);

        assertThat(batch).hasSize(200).allSatisfy(r -> {
            assertThat(r).doesNotContainKeys("Survived", "PassengerId").containsEntry("Pclass", 1L)
                    .containsEntry("Embarked", "Q");
            assertThat((Double) r.get("Age")).isBetween(37.0, 75.0);
            assertThat((Double) r.get("Fare")).isGreaterThanOrEqualTo(7.25 * 3);
        });
        Map<String, Object> braund = batch.stream().filter(r -> "Braund, Mr. Owen Harris".equals(r.get("Name")))
                .findFirst().orElseThrow();
        assertThat((Double) braund.get("Age")).isBetween(37.0, 52.0);
        assertThat((Double) braund.get("Fare")).isBetween(21.75, 43.5);
        assertThat(rows.get(0)).containsEntry("Pclass", 3L).containsEntry("Age", 22L);
    }

    @Test
    void shiftedAgesStayHumanAndFaresPositive() {
        byte[] csv = PipelineSpecFiles.Source.resources(QuickstartCommand.EXAMPLE).read("titanic.csv").orElseThrow();

        List<Map<String, Object>> batch = DriftBatch.build(DriftBatch.passengers(csv), 2000, 1);

        assertThat(batch).allSatisfy(r -> {
            assertThat((Double) r.get("Age")).isBetween(15.0, DriftBatch.MAX_AGE);
            assertThat((Double) r.get("Fare")).isPositive();
        });
        assertThat(batch).anySatisfy(r -> assertThat((Double) r.get("Age")).isEqualTo(DriftBatch.MAX_AGE));
    }

    @Test
    void theSameSeedGivesTheSameBatchAndAnotherSeedAnother() {
        List<Map<String, Object>> rows = DriftBatch.passengers(CSV.getBytes(StandardCharsets.UTF_8));

        assertThat(DriftBatch.build(rows, 50, 3)).isEqualTo(DriftBatch.build(rows, 50, 3))
                .isNotEqualTo(DriftBatch.build(rows, 50, 4));
    }

    @Test
    void delayedLabelsFollowTheNewPatternAllSurviveButTheOldest() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int age = 40; age <= 80; age += 5) {
            Map<String, Object> record = new java.util.HashMap<>();
            record.put("Age", (double) age);
            batch.add(record);
        }
        Map<String, Object> noAge = new java.util.HashMap<>();
        noAge.put("Age", null);
        batch.add(noAge);

        List<String> labels = DriftBatch.delayedLabels(batch);

        assertThat(labels).containsExactly("1", "1", "1", "1", "1", "1", "1", "0", "0", "1");
    }
}
