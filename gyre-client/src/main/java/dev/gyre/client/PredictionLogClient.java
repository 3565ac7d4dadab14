package dev.gyre.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Ships prediction log segments written by a standalone server ({@code gyre serve}) to the platform, which keeps
 * them for monitoring. Obtained with {@link GyreClient#predictionLogs()}; immutable and thread-safe.
 *
 * <pre>{@code
 * gyre.predictionLogs().ship("titanic", "2026030110-000002.jsonl", Path.of("log/titanic/2026030110-000002.jsonl"));
 * }</pre>
 */
public final class PredictionLogClient {

    private final Transport transport;

    PredictionLogClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Uploads one complete segment ({@code PUT /api/v1/prediction-logs/{deployment}/{segment}}, the raw JSON-lines
     * body); returns once the platform stored it.
     *
     * @param deployment  the deployment the records belong to
     * @param segmentName the segment's file name, {@code <yyyyMMddHH>-<seq>.jsonl}
     * @param file        the local segment file
     * @throws GyreClientException when the file cannot be read or the platform refuses the segment
     */
    public void ship(String deployment, String segmentName, Path file) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(segmentName, "segmentName");
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new GyreClientException("Cannot read the prediction log segment " + file + ": it does not exist.",
                    e);
        }
        if (!Files.isRegularFile(file)) {
            throw new GyreClientException("The prediction log segment " + file + " is not a file.", null);
        }
        HttpRequest.Builder request = transport.request("api/v1/prediction-logs/" + Transport.segment(deployment)
                + "/" + Transport.segment(segmentName))
                .header("Content-Type", "application/x-ndjson")
                .PUT(body);
        transport.checkStatus(transport.send(request, true, HttpResponse.BodyHandlers.ofByteArray()));
    }
}
