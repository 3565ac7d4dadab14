package dev.gyre.serving.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guards the backward compatibility of the package format: a package written once, stored in
 * {@code src/test/resources/fixtures/package-v1.zip}, must keep reading and predicting the stored values. If this
 * test fails, a change broke packages already written: fix the reader, do not regenerate the fixture. Only a new
 * format version gets a new fixture (next to this one), made by {@link #generate()}.
 */
class PackageFixtureTest {
    private static final String FIXTURE = "/fixtures/package-v1.zip";
    private static final String EXPECTED = "/fixtures/package-v1-expected.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Fixed records, covering a missing optional field, an unseen category and an ignored field. */
    static List<Map<String, Object>> records() {
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(Map.of("Pclass", 3, "Name", "Braund, Mr. Owen Harris", "Sex", "male", "Age", 22, "SibSp", 1,
                "Parch", 0, "Fare", 7.25, "Embarked", "S"));
        records.add(Map.of("Pclass", 1, "Name", "Cumings, Mrs. John Bradley", "Sex", "female", "Age", 38,
                "SibSp", 1, "Parch", 0, "Fare", 71.2833, "Embarked", "C"));
        Map<String, Object> noAge = new HashMap<>(Map.of("Pclass", 2, "Name", "Doe, Master. John", "Sex", "male",
                "SibSp", 0, "Parch", 2, "Fare", 29.0, "Embarked", "Q"));
        noAge.put("Age", null);
        records.add(noAge);
        records.add(Map.of("Pclass", 3, "Name", "Roe, Dr. Ann", "Sex", "female", "Age", 50, "SibSp", 0, "Parch", 0,
                "Fare", 8.05, "Embarked", "X", "Survived", 1));
        return records;
    }

    @Test
    void theStoredPackageStillReadsAndPredictsTheStoredValues() throws IOException {
        ModelPackage pkg;
        try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
            assertThat(in).as("the fixture " + FIXTURE).isNotNull();
            pkg = ModelPackages.read(in);
        }
        assertThat(pkg.metadata().modelName()).isEqualTo("titanic");
        assertThat(pkg.metadata().createdAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(pkg.metadata().validation().passed()).isTrue();
        assertThat(pkg.signature().input("Age").orElseThrow().required()).isFalse();
        assertThat(pkg.reference()).isPresent();
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream(EXPECTED)) {
            expected = MAPPER.readTree(in);
        }
        GyreModel model = GyreModel.of(pkg);
        List<Map<String, Object>> records = records();
        assertThat(expected.size()).isEqualTo(records.size());
        for (int i = 0; i < records.size(); i++) {
            Prediction p = model.predict(records.get(i));
            JsonNode e = expected.get(i);
            assertThat(p.predictedClass()).as("record %d", i).isEqualTo(e.get("predicted_class").asText());
            for (Map.Entry<String, Double> prob : p.probabilities().entrySet()) {
                assertThat(prob.getValue()).as("record %d, class %s", i, prob.getKey())
                        .isCloseTo(e.get("probabilities").get(prob.getKey()).doubleValue(), within(1e-12));
            }
        }
    }

    /**
     * Writes the fixture and its expected predictions into the source tree. Run by hand, only when a new format
     * version is introduced (then under a new name), from {@code gyre-serving} after {@code ../mvnw -q -pl
     * gyre-serving -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
     * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.gyre.serving.pkg.PackageFixtureTest}.
     * It is a {@code main}, not a test, so that the suite never writes into the source tree.
     */
    public static void main(String[] args) throws IOException {
        ModelPackage pkg = Titanic.logisticPackage();
        Path dir = Path.of("src", "test", "resources", "fixtures");
        Files.createDirectories(dir);
        ModelPackages.write(pkg, dir.resolve("package-v1.zip"));
        GyreModel model = GyreModel.of(ModelPackages.read(dir.resolve("package-v1.zip")));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> record : records()) {
            Prediction p = model.predict(record);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("predicted_class", p.predictedClass());
            e.put("probabilities", p.probabilities());
            out.add(e);
        }
        Files.write(dir.resolve("package-v1-expected.json"), MAPPER.writeValueAsBytes(out));
    }
}
