package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference routes on the platform: a deployment created on its serving engine answers the same Titanic row
 * alike on the four protocols, behind the platform's token, with each protocol's error shape.
 */
class ServingPlatformTest {

    @TempDir
    static Path home;
    static TestPlatform platform;
    static GyreModel model;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROW = "{\"Pclass\": 1, \"Sex\": \"female\", \"Age\": 38, \"SibSp\": 1, \"Parch\": 0,"
            + " \"Fare\": 71.2833, \"Embarked\": \"C\"}";

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home.resolve("home"));
        Path pkg = home.resolve("titanic-1.zip");
        try (InputStream in = ServingPlatformTest.class.getResourceAsStream("/serving/titanic-package.zip")) {
            Files.copy(in, pkg);
        }
        model = GyreModel.load(pkg);
        platform.server.servingEngine().deployments().deploy("titanic", DeploymentTarget.version("titanic", 1),
                (name, version) -> model);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void theSameRowGetsTheSamePredictionOnEveryProtocol() throws Exception {
        Prediction expected = model.predict(JSON.readValue(ROW, Map.class));
        double p1 = expected.probabilities().get("1");
        String token = platform.adminToken;

        JsonNode oip = ok(platform.post("/v2/models/titanic/infer", token, "{\"inputs\": ["
                + "{\"name\": \"Pclass\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]},"
                + "{\"name\": \"Sex\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"female\"]},"
                + "{\"name\": \"Age\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [38]},"
                + "{\"name\": \"SibSp\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]},"
                + "{\"name\": \"Parch\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [0]},"
                + "{\"name\": \"Fare\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [71.2833]},"
                + "{\"name\": \"Embarked\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"C\"]}]}"));
        assertThat(oip.get("outputs").get(0).get("data").get(0).asText()).isEqualTo(expected.predictedClass());
        assertThat(oip.get("outputs").get(1).get("data").get(1).asDouble()).isCloseTo(p1, within(1e-12));

        JsonNode kserve = ok(platform.post("/v1/models/titanic:predict", token, "{\"instances\": [" + ROW + "]}"));
        assertThat(kserve.get("predictions").get(0).asText()).isEqualTo(expected.predictedClass());
        assertThat(kserve.get("probabilities").get(0).get(1).asDouble()).isCloseTo(p1, within(1e-12));

        JsonNode mlflow = ok(platform.post("/invocations", token, "{\"dataframe_records\": [" + ROW + "]}"));
        assertThat(mlflow.get("predictions").get(0).get("probability_1").asDouble()).isCloseTo(p1, within(1e-12));

        JsonNode nat = ok(platform.post("/api/v1/deployments/titanic/predict", token, "{\"records\": [" + ROW
                + "]}"));
        assertThat(nat.get("predictions").get(0).get("predicted_class").asText()).isEqualTo(expected.predictedClass());
        assertThat(nat.get("predictions").get(0).get("probabilities").get("1").asDouble()).isCloseTo(p1,
                within(1e-12));
        assertThat(nat.get("model_version").asText()).isEqualTo("1");
    }

    @Test
    void errorsOutsideTheHandlersUseTheProtocolsShape() throws Exception {
        TestPlatform.Reply noToken = platform.post("/v2/models/titanic/infer", null, "{}");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(JSON.readTree(noToken.body()).get("error").asText()).contains("token");
        TestPlatform.Reply mlflow = platform.post("/invocations", null, "{}");
        assertThat(mlflow.status()).isEqualTo(401);
        assertThat(JSON.readTree(mlflow.body()).get("message").asText()).contains("token");
        TestPlatform.Reply route = platform.send("DELETE", "/v1/models/titanic", platform.adminToken,
                HttpRequest.BodyPublishers.noBody(), Map.of());
        assertThat(route.status()).isEqualTo(405);
        assertThat(JSON.readTree(route.body()).get("error").isTextual()).isTrue();
        TestPlatform.Reply unknown = platform.post("/invocations?deployment=nope", platform.adminToken,
                "{\"instances\": [[1]]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    private static JsonNode ok(TestPlatform.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }
}
