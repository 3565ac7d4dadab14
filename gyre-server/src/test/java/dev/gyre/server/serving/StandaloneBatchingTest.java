package dev.gyre.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server with batching on: concurrent single-record requests are batched, and /metrics shows it. */
class StandaloneBatchingTest {

    @TempDir
    Path dir;

    @Test
    void batchedRequestsAnswerAsTheLibraryAndTheBatchMetersAppear() throws Exception {
        Path pkg = ServingHttp.titanicPackage(dir);
        Prediction expected = GyreModel.load(pkg).predict(StandaloneServerTest.row());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (StandaloneServer server = StandaloneServer.start(pkg, "batched", StandaloneServer.Options.defaults()
                .withPort(0).withBatching(AdaptiveBatcher.Settings.defaults().withMode(AdaptiveBatcher.Mode.ON)))) {
            ServingHttp http = new ServingHttp(server.url());
            List<Future<ServingHttp.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> http.postJson("/v1/models/batched:predict", "{\"instances\": ["
                        + StandaloneServerTest.ROW_JSON + "]}")));
            }
            for (Future<ServingHttp.Answer> answer : answers) {
                JsonNode body = StandaloneServerTest.ok(answer.get(60, TimeUnit.SECONDS));
                assertThat(body.get("predictions").get(0).toString()).contains(expected.predictedClass());
            }
            String metrics = http.get("/metrics").text();
            Matcher batches = Pattern.compile("gyre_serving_batch_batches_total\\{deployment=\"batched\","
                    + "version=\"1\"} (\\S+)").matcher(metrics);
            assertThat(batches.find()).as(metrics).isTrue();
            assertThat(Double.parseDouble(batches.group(1))).isPositive();
            assertThat(metrics).contains("gyre_serving_batch_records_total{deployment=\"batched\",version=\"1\"}");
            assertThat(metrics).contains("gyre_serving_batch_direct_total{deployment=\"batched\",version=\"1\"}");
            assertThat(metrics).contains("gyre_serving_batch_size_mean{deployment=\"batched\",version=\"1\"}");
            assertThat(metrics).contains("gyre_serving_outlier_errors_total");
            assertThat(server.engine().deployments().batchStats("titanic", 1).orElseThrow().batchedRecords()
                    + server.engine().deployments().batchStats("titanic", 1).orElseThrow().direct()).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }
}
