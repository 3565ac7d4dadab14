package dev.gyre.serving.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.features.FeatureStep;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
    private static final Signature SIGNATURE = new Signature(List.of(
            new Signature.Input("Age", ColumnType.NUMERIC, false, List.of(), null),
            new Signature.Input("Fare", ColumnType.NUMERIC, true, List.of(), null),
            new Signature.Input("Sex", ColumnType.CATEGORICAL, true, List.of("female", "male"), FeatureStep.Unseen.ERROR),
            new Signature.Input("Embarked", ColumnType.CATEGORICAL, false, List.of("C", "Q", "S"),
                    FeatureStep.Unseen.IGNORE),
            new Signature.Input("Adult", ColumnType.BOOLEAN, false, List.of(), null),
            new Signature.Input("Booked", ColumnType.TIMESTAMP, false, List.of(), null)),
            List.of());
    private final InputValidator validator = new InputValidator(SIGNATURE);

    @Test
    void aGoodRecordIsNormalised() {
        ValidatedRecord record = validator.validate(Map.of("Age", 22, "Fare", 7.25, "Sex", "male", "Adult", true,
                "Booked", "2024-05-01T12:00:00Z"));
        assertThat(record.values()).containsExactlyInAnyOrderEntriesOf(Map.of("Age", 22.0, "Fare", 7.25, "Sex", "male",
                "Adult", true, "Booked", Instant.parse("2024-05-01T12:00:00Z")));
        assertThat(record.notes()).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsNamedWithTheFix() {
        assertThatThrownBy(() -> validator.validate(Map.of("Sex", "male")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("field 'Fare' is required but missing; send a number (Fare is required).");
        Map<String, Object> nullSex = new HashMap<>(Map.of("Fare", 1));
        nullSex.put("Sex", null);
        assertThatThrownBy(() -> validator.validate(nullSex))
                .hasMessage("field 'Sex' is required but missing; send one of \"female\", \"male\" (Sex is required).");
    }

    @Test
    void aWrongTypeIsNamedWithTheFix() {
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", 1, "Sex", "male", "Age", "abc")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("field 'Age': expected a number, got \"abc\"; send a number or null (Age is optional).");
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", "7.25", "Sex", "male")))
                .hasMessageContaining("field 'Fare': expected a number, got \"7.25\"; send it as a JSON number (7.25)");
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", true, "Sex", "male")))
                .hasMessageContaining("field 'Fare': expected a number, got true");
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", 1, "Sex", 1)))
                .hasMessageContaining("field 'Sex': expected a string, got 1; send it as a string, e.g. \"1\"");
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", 1, "Sex", "male", "Adult", "true")))
                .hasMessageContaining("field 'Adult': expected true or false, got \"true\"; send the JSON literal true");
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", 1, "Sex", "male", "Booked", "yesterday")))
                .hasMessageContaining("field 'Booked': expected a timestamp");
    }

    @Test
    void nanAndInfinityAreRefused() {
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", Double.NaN, "Sex", "male")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("field 'Fare': NaN is not allowed; send a finite number (Fare is required).");
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", 1, "Sex", "male", "Age", Double.POSITIVE_INFINITY)))
                .hasMessage("field 'Age': Infinity is not allowed; send a finite number, or null when it is unknown"
                        + " (Age is optional).");
    }

    @Test
    void anUnseenCategoryFollowsTheEncodersPolicy() {
        assertThatThrownBy(() -> validator.validate(Map.of("Fare", 1, "Sex", "unknown")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("field 'Sex': \"unknown\" is not a category this model knows, and it refuses unseen"
                        + " categories; send one of \"female\", \"male\".");
        ValidatedRecord record = validator.validate(Map.of("Fare", 1, "Sex", "male", "Embarked", "X"));
        assertThat(record.values()).containsEntry("Embarked", "X");
        assertThat(record.notes()).containsExactly("field 'Embarked': \"X\" was not seen in training; it is encoded"
                + " as no category");
    }

    @Test
    void unknownFieldsAreIgnoredWithANoteOrRefused() {
        Map<String, Object> record = Map.of("Fare", 1, "Sex", "male", "Survived", 1, "id", "a");
        ValidatedRecord ok = validator.validate(record);
        assertThat(ok.values()).doesNotContainKeys("Survived", "id");
        assertThat(ok.notes()).containsExactly("ignored fields 'Survived', 'id': not an input of this model");
        InputValidator strict = new InputValidator(SIGNATURE, InputValidator.UnknownFields.REJECT);
        assertThatThrownBy(() -> strict.validate(record))
                .hasMessageStartingWith("field 'Survived', 'id': not an input of this model; remove them");
    }

    @Test
    void aBatchErrorNamesTheRecord() {
        List<Map<String, ?>> records = List.of(Map.of("Fare", 1, "Sex", "male"), Map.of("Sex", "female"));
        assertThatThrownBy(() -> validator.validateAll(records))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("record 1: field 'Fare' is required but missing");
    }

    @Test
    void epochMillisAreATimestamp() {
        ValidatedRecord record = validator.validate(Map.of("Fare", 1, "Sex", "male", "Booked", 86_400_000L));
        assertThat(record.values()).containsEntry("Booked", Instant.parse("1970-01-02T00:00:00Z"));
    }
}
