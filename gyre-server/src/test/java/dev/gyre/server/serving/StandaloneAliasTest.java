package dev.gyre.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.GyreException;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.deploy.ModelLoader;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.PackageMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standalone server following an alias re-resolves it and hot-swaps to the version it points at now. */
class StandaloneAliasTest {

    @TempDir
    Path dir;

    @Test
    void movingTheAliasSwapsTheServedVersion() throws Exception {
        ModelPackage v1 = GyreModel.load(ServingHttp.titanicPackage(dir)).modelPackage();
        ModelPackage v2 = ModelPackage.of(v1.features(), v1.model(), v1.signature(),
                PackageMetadata.builder("titanic", "2").build(v1.model(), v1.features()), null);
        AtomicInteger alias = new AtomicInteger(1);
        ModelLoader loader = new ModelLoader() {
            @Override
            public GyreModel load(String model, int version) {
                return switch (version) {
                    case 1 -> GyreModel.of(v1);
                    case 2 -> GyreModel.of(v2);
                    default -> throw new GyreException.NotFound("no version " + version);
                };
            }

            @Override
            public int resolveAlias(String model, String name) {
                return alias.get();
            }
        };
        try (StandaloneServer server = StandaloneServer.start(loader, DeploymentTarget.alias("titanic", "production"),
                null, StandaloneServer.Options.defaults().withPort(0).withRefreshInterval(Duration.ofMillis(50)))) {
            ServingHttp http = new ServingHttp(server.url());
            String body = "{\"records\": [{\"SibSp\": 0, \"Parch\": 0, \"Fare\": 7.25}]}";
            assertThat(http.postJson("/api/v1/deployments/titanic/predict", body).json().get("model_version")
                    .asText()).isEqualTo("1");
            alias.set(2);
            String version = "1";
            for (int i = 0; i < 400 && !version.equals("2"); i++) {
                Thread.sleep(50);
                version = http.postJson("/api/v1/deployments/titanic/predict", body).json().get("model_version")
                        .asText();
            }
            assertThat(version).isEqualTo("2");
            assertThat(http.get("/v2/models/titanic").json().get("versions").get(0).asText()).isEqualTo("2");
            // a version the deployment no longer serves is not found
            assertThat(http.get("/v2/models/titanic/versions/1").status()).isEqualTo(404);
        }
    }
}
