package dev.gyre.server.serving;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.serving.log.PredictionLogReader;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.serving.log.SegmentSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Shipped prediction-log segments in the artifact store, under the reserved folder
 * {@code predictions/<deployment>/<yyyyMMddHH>-<seq>.jsonl}: what the platform's own log ships and what
 * standalone servers send. A segment is written once: the same bytes again change nothing, other bytes under a
 * name already taken are refused.
 */
public final class PredictionLogArchive implements SegmentSink {

    /** The reserved artifact folder. */
    public static final String ROOT = "predictions/";
    /** Segment names: the UTC hour and a six-digit sequence. */
    public static final Pattern SEGMENT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})-\\d{6}\\.jsonl");

    /** The outcome of storing a segment. */
    public record Stored(ArtifactInfo info, boolean created) {
    }

    private final ArtifactStore artifacts;

    /** @param artifacts the artifact store itself (the general routes' view hides this folder) */
    public PredictionLogArchive(ArtifactStore artifacts) {
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    }

    /** The artifact path of a segment. */
    public static ArtifactPath path(String deployment, String segment) {
        return ArtifactPath.of(ROOT + deployment + "/" + segment);
    }

    /**
     * @throws GyreException.InvalidArgument when {@code segment} is not a segment name
     */
    public static void checkSegmentName(String segment) {
        var m = segment == null ? null : SEGMENT.matcher(segment);
        if (m == null || !m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 12
                || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 31
                || Integer.parseInt(m.group(4)) > 23) {
            throw new GyreException.InvalidArgument("Segment name '" + segment + "' is not valid: use"
                    + " <yyyyMMddHH>-<six-digit sequence>.jsonl with the segment's UTC hour, e.g."
                    + " \"2026030110-000002.jsonl\", as the prediction log names its files.");
        }
    }

    /** Ships a local segment of the platform's own log ({@code name} = {@code <deployment>/<segment>}). */
    @Override
    public void put(String name, Path file) throws IOException {
        int slash = name.indexOf('/');
        try {
            store(name.substring(0, slash), name.substring(slash + 1), file);
        } catch (GyreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Checks and stores one segment file: every line a complete prediction record of {@code deployment}.
     *
     * @throws GyreException.InvalidArgument when a line is not a record of the deployment (the message names it)
     * @throws GyreException.Conflict        when the name is taken by other bytes
     */
    public Stored store(String deployment, String segment, Path file) {
        DeploymentManager.checkName(deployment);
        checkSegmentName(segment);
        check(deployment, file);
        String sha256 = sha256(file);
        ArtifactPath path = path(deployment, segment);
        Optional<ArtifactInfo> existing = artifacts.head(path);
        if (existing.isPresent()) {
            if (sha256.equals(existing.get().sha256())) {
                return new Stored(existing.get(), false);
            }
            throw new GyreException.Conflict("Segment '" + segment + "' of deployment '" + deployment + "' was already"
                    + " shipped with other content (SHA-256 " + existing.get().sha256() + "). Segments are written"
                    + " once: send new records in a segment with the next sequence number.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new Stored(artifacts.put(path, in), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped segments of a deployment, oldest first. */
    public List<ArtifactInfo> list(String deployment) {
        DeploymentManager.checkName(deployment);
        List<ArtifactInfo> all = new ArrayList<>();
        String token = null;
        do {
            ArtifactPage page = artifacts.list(ROOT + deployment + "/", token, 1000);
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    /** Every line must end with a newline and read as a prediction record of {@code deployment}. */
    private static void check(String deployment, Path file) {
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            int last = '\n';
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
            if (last != '\n') {
                throw new GyreException.InvalidArgument("The segment's last line has no final newline: every record"
                        + " is one JSON line ending in \\n; send complete segments only.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines == 0) {
            throw new GyreException.InvalidArgument("The segment is empty; send a segment with at least one record.");
        }
        PredictionLogReader reader = new PredictionLogReader(file.getParent());
        long read = 0;
        try (Stream<PredictionRecord> records = reader.records(file)) {
            Iterator<PredictionRecord> it = records.iterator();
            while (it.hasNext()) {
                PredictionRecord record = it.next();
                if (reader.skippedLines() > 0) {
                    break;
                }
                read++;
                if (!deployment.equals(record.deployment())) {
                    throw new GyreException.InvalidArgument("Line " + read + " of the segment is a record of"
                            + " deployment '" + record.deployment() + "', not '" + deployment + "'; ship each"
                            + " deployment's segments under its own name.");
                }
            }
        }
        if (reader.skippedLines() > 0 || read != lines) {
            throw new GyreException.InvalidArgument("Line " + (read + 1) + " of the segment is not a prediction record"
                    + " (format version 1: v, request_id, deployment, model, model_version, ts, inputs, output,"
                    + " latency_us). Send segments as the prediction log writes them.");
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
