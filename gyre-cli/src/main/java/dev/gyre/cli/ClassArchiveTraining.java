package dev.gyre.cli;

import dev.gyre.server.GyreServer;
import dev.gyre.server.ServerMain;
import dev.gyre.server.config.ConfigLoader;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.ModelPackages;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run the {@code ./gyre} launcher records a class-data-sharing archive from after each build: the
 * platform's start and common request paths ({@link ServerMain#trainingRun()}), then common CLI commands
 * in-process against a throw-away platform — so both {@code gyre server} and short commands such as
 * {@code gyre data add} (re-adding an unchanged file) map their classes from the archive instead of
 * loading them again; last a {@code gyre serve} of a small package, so the standalone server starts from it too.
 */
public final class ClassArchiveTraining {

    private ClassArchiveTraining() {
    }

    /**
     * {@code gyre serve} on a small package made here, answering once on each protocol: the standalone server's
     * classes (HTTP, codecs, package reading, the model) then start from the archive too.
     */
    private static void serve(Path home) throws Exception {
        Table table = new Table(List.of(
                new NumericColumn("x", new double[] {0.1, 0.4, 0.35, 0.8, 0.9, 0.2, 0.7, 0.05}, new BitSet()),
                CategoricalColumn.of("kind", "a", "b", "a", "b", "b", "a", "b", "a"),
                new NumericColumn("y", new double[] {0, 0, 1, 1, 1, 0, 1, 0}, new BitSet())));
        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(table), new FeatureSpecParser().parse(
                "target: y\ncolumns:\n  x: [{impute: median}]\n  kind: [{one_hot: {}}]\n"));
        String[] labels = new String[table.rowCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ((Number) table.column("y").get(i)).doubleValue() > 0 ? "1" : "0";
        }
        TrainingSet set = TrainingSet.classification(features.toMatrix(table), features.featureNames(), labels);
        TrainedModel model = Algorithms.fit("logistic_regression", set, Map.of(), 0);
        Path pkg = home.resolve("warm-up.zip");
        ModelPackages.write(ModelPackage.of(features, model, PackageMetadata.builder("warm-up", "1").build(model,
                features), null), pkg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), discard,
                new ByteArrayInputStream(new byte[0]), Map.of(), null, false, flags -> { });
        Thread serving = new Thread(() -> Main.run(new String[] {"serve", "--package", pkg.toString(), "--port", "0",
                "--log-dir", home.resolve("serve-log").toString()}, cli), "warm-up-serve");
        serving.start();
        Matcher ready = null;
        for (int i = 0; i < 600 && serving.isAlive() && ready == null; i++) {
            Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
            ready = m.find() ? m : null;
            Thread.sleep(50);
        }
        if (ready != null) {
            String url = ready.group(1);
            String row = "{\"x\": 0.5, \"kind\": \"a\"}";
            HttpClient http = HttpClient.newHttpClient();
            String[][] calls = {
                {"/api/v1/deployments/warm-up/predict", "application/json", "{\"records\": [" + row + "]}"},
                {"/v2/models/warm-up/infer", "application/json", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1],"
                        + " \"datatype\": \"FP64\", \"data\": [0.5]}, {\"name\": \"kind\", \"shape\": [1],"
                        + " \"datatype\": \"BYTES\", \"data\": [\"a\"]}]}"},
                {"/v1/models/warm-up:predict", "application/json", "{\"instances\": [" + row + "]}"},
                {"/invocations", "application/json", "{\"dataframe_records\": [" + row + "]}"},
                {"/invocations", "text/csv", "x,kind\n0.5,a\n"},
                {"/v2/models/warm-up/infer", "application/json", "{\"inputs\": []}"},
            };
            for (int round = 0; round < 3; round++) {
                for (String[] call : calls) {
                    http.send(HttpRequest.newBuilder(URI.create(url + call[0])).header("Content-Type", call[1])
                            .POST(HttpRequest.BodyPublishers.ofString(call[2])).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                http.send(HttpRequest.newBuilder(URI.create(url + "/v2/models/warm-up")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        serving.interrupt();
        serving.join(30_000);
    }

    private static final Pattern READY = Pattern.compile("at (http://\\S+), ready in");

    public static void main(String[] args) throws Exception {
        ServerMain.trainingRun();
        Path home = Files.createTempDirectory("gyre-training-run");
        try (GyreServer server = GyreServer.start(ConfigLoader.load(Map.of("home", home.toString(), "port", "0"), Map.of()))) {
            String token = Files.readString(server.adminTokenFile()).trim();
            Path csv = home.resolve("warm-up.csv");
            Files.writeString(csv, "id,name,score,when\n1,a,0.5,2024-01-01\n2,b,1.5,2024-01-02\n");
            Map<String, String> env = Map.of("GYRE_URL", server.baseUrl(), "GYRE_TOKEN", token,
                    "GYRE_CONFIG_DIR", home.resolve("config").toString());
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            String[][] commands = {
                {"whoami"},
                {"project", "create", "warm-up"},
                {"data", "add", csv.toString(), "--project", "warm-up", "--name", "warm-up"},
                {"data", "add", csv.toString(), "--project", "warm-up", "--name", "warm-up"},
                {"data", "versions", "warm-up", "--project", "warm-up"},
                {"data", "show", "warm-up@1", "--project", "warm-up"},
                {"experiments", "list"},
                {"models", "list"},
                {"data", "add", "--help"},
            };
            for (String[] command : commands) {
                Cli cli = new Cli(discard, discard, new ByteArrayInputStream(new byte[0]), env, null, false, flags -> { });
                Main.run(command, cli);
            }
            serve(home);
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder
            }
        }
    }
}
