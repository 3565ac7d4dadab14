package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.serving.DeploymentManager;
import dev.gyre.server.serving.PredictionLogArchive;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shipped prediction-log segments: standalone servers send their complete segments here (the platform ships its
 * own log itself), and the monitoring stage lists them. Segments are stored under {@code predictions/} in the
 * artifact store, once each.
 */
public final class PredictionLogController {

    /** The largest segment accepted: the log rolls segments at 64 MiB by default. */
    public static final long MAX_SEGMENT_BYTES = 256L * 1024 * 1024;

    private final PredictionLogArchive archive;
    private final Path scratch;
    private final java.util.function.Consumer<List<dev.gyre.serving.log.PredictionRecord>> records;

    /** @param scratch a folder for segments being received */
    public PredictionLogController(PredictionLogArchive archive, Path scratch) {
        this(archive, scratch, batch -> { });
    }

    /**
     * @param scratch a folder for segments being received
     * @param records gets a stored segment's records, in batches (the feedback store records the predictions, so
     *                ground truth can be sent for a standalone server's answers); it must be idempotent, as a
     *                segment shipped again is handed over again
     */
    public PredictionLogController(PredictionLogArchive archive, Path scratch,
                                   java.util.function.Consumer<List<dev.gyre.serving.log.PredictionRecord>> records) {
        this.archive = archive;
        this.scratch = scratch;
        this.records = records;
    }

    /** Hands the records of a stored segment file over, a thousand at a time. */
    private void handOver(Path file) {
        dev.gyre.serving.log.PredictionLogReader reader = new dev.gyre.serving.log.PredictionLogReader(file.getParent());
        List<dev.gyre.serving.log.PredictionRecord> batch = new java.util.ArrayList<>();
        try (java.util.stream.Stream<dev.gyre.serving.log.PredictionRecord> all = reader.records(file)) {
            for (java.util.Iterator<dev.gyre.serving.log.PredictionRecord> it = all.iterator(); it.hasNext(); ) {
                batch.add(it.next());
                if (batch.size() == 1000) {
                    records.accept(List.copyOf(batch));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            records.accept(List.copyOf(batch));
        }
    }

    /** PUT /api/v1/prediction-logs/{deployment}/{segment}: 201 when stored, 200 when the same bytes were there. */
    public void put(Context ctx, Principal principal) {
        String deployment = ctx.pathParam("deployment");
        String segment = ctx.pathParam("segment");
        DeploymentManager.checkName(deployment);
        PredictionLogArchive.checkSegmentName(segment);
        if (ctx.req().getContentLengthLong() > MAX_SEGMENT_BYTES) {
            throw tooLarge();
        }
        Path file;
        try {
            Files.createDirectories(scratch);
            file = Files.createTempFile(scratch, "segment-", ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (InputStream in = ctx.req().getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_SEGMENT_BYTES) {
                        throw tooLarge();
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new GyreException.InvalidArgument("Could not read the segment: " + e.getMessage()
                        + "; send it again.");
            }
            PredictionLogArchive.Stored stored = archive.store(deployment, segment, file);
            // also when it was there already: a failed hand-over is made good by shipping the segment again
            handOver(file);
            ctx.status(stored.created() ? 201 : 200).json(view(deployment, stored.info(), stored.created()));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover scratch file is harmless
            }
        }
    }

    /** GET /api/v1/prediction-logs/{deployment}: the shipped segments, oldest first. */
    public void list(Context ctx, Principal principal) {
        String deployment = ctx.pathParam("deployment");
        List<Map<String, Object>> segments = archive.list(deployment).stream()
                .map(info -> view(deployment, info, null)).toList();
        ctx.json(Map.of("deployment", deployment, "segments", segments));
    }

    private static Map<String, Object> view(String deployment, ArtifactInfo info, Boolean created) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployment", deployment);
        out.put("segment", info.path().fileName());
        out.put("path", info.path().value());
        out.put("size", info.size());
        out.put("sha256", info.sha256());
        out.put("modified_at", info.lastModified());
        if (created != null) {
            out.put("created", created);
        }
        return out;
    }

    private static GyreException tooLarge() {
        return new GyreException.TooLarge("The segment is larger than " + MAX_SEGMENT_BYTES + " bytes; ship the"
                + " prediction log's segments as it rolls them (64 MiB by default).");
    }
}
