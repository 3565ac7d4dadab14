package dev.gyre.serving.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.ColumnType;
import dev.gyre.features.FeatureStep;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignatureTest {
    private static Signature signature;

    @BeforeAll
    static void infer() {
        FittedFeatures features = Titanic.features(Titanic.SPEC);
        TrainedModel model = Titanic.train(features, "logistic_regression");
        signature = Signature.infer(features, model);
    }

    @Test
    void inputsAreTheRawColumnsTheFeaturesRead() {
        assertThat(signature.inputs()).extracting(Signature.Input::name)
                .containsExactlyInAnyOrder("Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked");
    }

    @Test
    void anImputedColumnIsOptionalAndAPlainNumberIsRequired() {
        assertThat(input("Age").required()).isFalse();
        assertThat(input("Age").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(input("Embarked").required()).isFalse();
        assertThat(input("Fare").required()).isTrue();
        assertThat(input("SibSp").required()).isTrue();
    }

    @Test
    void anEncodedColumnCarriesItsCategoriesAndPolicy() {
        Signature.Input sex = input("Sex");
        assertThat(sex.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(sex.categories()).containsExactly("female", "male");
        assertThat(sex.unseen()).isEqualTo(FeatureStep.Unseen.IGNORE);
        // one-hot gives a missing value no category, so the model can do without it
        assertThat(sex.required()).isFalse();
        assertThat(input("Pclass").categories()).containsExactly(1.0, 2.0, 3.0);
        assertThat(input("Embarked").categories()).containsExactly("C", "Q", "S");
    }

    @Test
    void aColumnOnlyDerivedFromHasNoCategoriesAndIsOptional() {
        Signature.Input name = input("Name");
        assertThat(name.type()).isEqualTo(ColumnType.TEXT);
        assertThat(name.categories()).isEmpty();
        assertThat(name.unseen()).isNull();
        assertThat(name.required()).isFalse();
    }

    @Test
    void classificationOutputsAreTheClassAndItsProbabilities() {
        assertThat(signature.outputs()).containsExactly(
                new Signature.Output("predicted_class", "categorical", List.of("0", "1"), List.of()),
                new Signature.Output("probabilities", "numeric", List.of(), List.of("0", "1")));
    }

    @Test
    void anErrorPolicyIsCarried() {
        String spec = Titanic.SPEC.replace("Sex: [one_hot]", "Sex: [{one_hot: {unseen: error}}]");
        FittedFeatures features = Titanic.features(spec);
        Signature strict = Signature.infer(features, Titanic.train(features, "logistic_regression"));
        assertThat(strict.input("Sex").orElseThrow().unseen()).isEqualTo(FeatureStep.Unseen.ERROR);
    }

    @Test
    void theJsonFormRoundTrips() {
        assertThat(Signature.fromJson(signature.toJson())).isEqualTo(signature);
        assertThat(new String(signature.toJson(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"name\" : \"Age\"", "\"required\" : false", "\"unseen\" : \"ignore\"");
    }

    private static Signature.Input input(String name) {
        return signature.input(name).orElseThrow();
    }
}
