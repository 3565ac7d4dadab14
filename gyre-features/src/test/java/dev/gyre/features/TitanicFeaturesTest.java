package dev.gyre.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.table.Column;
import dev.gyre.core.table.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TitanicFeaturesTest {

    @Test
    void theTitanicSpecGivesTheExpectedFeatureNamesAndNoMissingValues() {
        Table passengers = CsvTables.titanic();
        assertThat(passengers.rowCount()).isEqualTo(891);
        assertThat(passengers.column("Age").missingCount()).isEqualTo(177);
        assertThat(passengers.column("Cabin").missingCount()).isEqualTo(687);

        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(passengers), Specs.titanic());

        List<String> expected = new ArrayList<>(List.of("Pclass=1", "Pclass=2", "Pclass=3", "Sex=female", "Sex=male",
                "Age", "Age_missing", "SibSp", "Parch", "Fare", "Embarked=C", "Embarked=Q", "Embarked=S",
                "title=Dr", "title=Master", "title=Miss", "title=Mr", "title=Mrs", "title=<other>", "deck"));
        for (int i = 0; i < 16; i++) {
            expected.add("ticket_prefix#" + i);
        }
        expected.addAll(List.of("family_size", "name_length"));
        assertThat(features.featureNames()).containsExactlyElementsOf(expected);
        assertThat(features.featureNames()).doesNotContain("Survived", "PassengerId", "Name", "Ticket", "Cabin");

        Table transformed = features.transform(passengers);
        assertThat(transformed.rowCount()).isEqualTo(891);
        for (Column column : transformed.columns()) {
            assertThat(column.missingCount()).as(column.name()).isZero();
        }
        double[][] matrix = features.toMatrix(passengers);
        assertThat(matrix).hasNumberOfRows(891);
        assertThat(matrix[0]).hasSize(expected.size());
        assertThat(transformed.column("Age_missing").missingCount()).isZero();
        double indicators = 0;
        for (int i = 0; i < 891; i++) {
            indicators += matrix[i][expected.indexOf("Age_missing")];
        }
        assertThat(indicators).isEqualTo(177);
    }

    @Test
    void theFirstPassengerIsEncodedAsHandComputed() {
        Table passengers = CsvTables.titanic();
        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(passengers), Specs.titanic());
        // "Braund, Mr. Owen Harris", 3rd class, male, 22, 1 sibling, 0 parents, ticket "A/5 21171", fare 7.25,
        // no cabin, embarked at S; SibSp ranges from 0 to 8
        double[] row = features.transformRow(passengers.row(0));
        List<String> names = features.featureNames();
        assertThat(row[names.indexOf("Pclass=3")]).isEqualTo(1.0);
        assertThat(row[names.indexOf("Sex=male")]).isEqualTo(1.0);
        assertThat(row[names.indexOf("Sex=female")]).isEqualTo(0.0);
        assertThat(row[names.indexOf("title=Mr")]).isEqualTo(1.0);
        assertThat(row[names.indexOf("Embarked=S")]).isEqualTo(1.0);
        assertThat(row[names.indexOf("Age_missing")]).isEqualTo(0.0);
        assertThat(row[names.indexOf("SibSp")]).isEqualTo(1.0 / 8.0);
        assertThat(row[names.indexOf("name_length")]).isEqualTo("Braund, Mr. Owen Harris".length());
        // decks sorted: A B C D E F G T U; the missing cabin was imputed as U
        assertThat(row[names.indexOf("deck")]).isEqualTo(8.0);
        // 177 missing ages imputed with the median 28; mean 29.36158249158249, population std 13.01238827279366
        assertThat(row[names.indexOf("Age")]).isCloseTo((22 - 29.36158249158249) / 13.01238827279366, within(1e-12));
        // 678 of 891 passengers travelled without parents or children
        assertThat(row[names.indexOf("Parch")]).isEqualTo(678.0 / 891.0);
        // family sizes' quartile edges are 1, 1, 2, merged to 1, 2; a family of 2 is in bucket 2
        assertThat(row[names.indexOf("family_size")]).isEqualTo(2.0);
        double hashed = 0;
        for (int i = 0; i < 16; i++) {
            hashed += row[names.indexOf("ticket_prefix#" + i)];
        }
        assertThat(hashed).isEqualTo(1.0);
    }
}
