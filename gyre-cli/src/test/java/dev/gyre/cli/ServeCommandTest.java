package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gyre serve --package}: starts a real server in-process, answers over HTTP, stops when interrupted. */
class ServeCommandTest {

    private static final Pattern READY = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+), ready in (\\d+) ms");

    @TempDir
    Path dir;

    @Test
    void servesAPackageUntilStopped() throws Exception {
        Path pkg = dir.resolve("titanic-1.zip");
        try (InputStream in = getClass().getResourceAsStream("/serving/titanic-package.zip")) {
            Files.copy(in, pkg);
        }
        Files.writeString(dir.resolve("token"), "t0ken\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                new HashMap<>(), null, false, flags -> { });
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(Main.run(new String[] {"serve", "--package", pkg.toString(),
                "--port", "0", "--log-dir", dir.resolve("log").toString(), "--token-file",
                dir.resolve("token").toString(), "--batching", "on", "--batch-max-size", "8",
                "--batch-max-wait-ms", "1"}, cli)), "serve-test");
        serving.start();
        Matcher ready = null;
        for (int i = 0; i < 600 && serving.isAlive(); i++) {
            Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                ready = m;
                break;
            }
            Thread.sleep(100);
        }
        assertThat(ready).as("ready line; out: %s err: %s", out, err).isNotNull();
        System.out.println("gyre serve in-process start: " + ready.group(2) + " ms");
        String url = ready.group(1);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> predicted = http.send(HttpRequest.newBuilder(URI.create(url
                + "/v1/models/titanic:predict")).header("Authorization", "Bearer t0ken")
                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"Sex\": \"female\", \"Pclass\": 1,"
                        + " \"Age\": 29, \"SibSp\": 0, \"Parch\": 0, \"Fare\": 80}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        assertThat(predicted.body()).contains("\"predictions\":[\"1\"]");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url + "/invocations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        serving.interrupt();
        serving.join(30_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(exit.get()).as("out: %s err: %s", out, err).isEqualTo(0);
    }

    @Test
    void helpTeachesWithExamplesAndBadFlagsSayWhatToDo() {
        CliRun.Result help = new CliRun().run("serve", "--help");
        assertThat(help.exitCode()).isEqualTo(0);
        assertThat(help.out()).contains("gyre serve --package titanic-3.zip").contains("--token-file")
                .contains("/invocations");
        CliRun.Result neither = new CliRun().run("serve");
        assertThat(neither.exitCode()).isEqualTo(1);
        assertThat(neither.err()).contains("exactly one of --package FILE or --model");
        CliRun.Result missing = new CliRun().run("serve", "--package", dir.resolve("none.zip").toString());
        assertThat(missing.err()).contains("does not exist");
        assertThat(help.out()).contains("--batching").contains("--batch-max-size").contains("--batch-max-wait-ms");
        CliRun.Result badMode = new CliRun().run("serve", "--package", dir.resolve("none.zip").toString(),
                "--batching", "always");
        assertThat(badMode.exitCode()).isEqualTo(1);
        assertThat(badMode.err()).contains("--batching takes auto, on or off");
        CliRun.Result badSize = new CliRun().run("serve", "--package", dir.resolve("none.zip").toString(),
                "--batch-max-size", "0");
        assertThat(badSize.err()).contains("--batch-max-size takes 1 to 4096");
    }
}
