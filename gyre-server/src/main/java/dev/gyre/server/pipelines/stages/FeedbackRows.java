package dev.gyre.server.pipelines.stages;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.data.ingest.CsvReader;
import dev.gyre.data.ingest.IngestOptions;
import dev.gyre.server.monitoring.FeedbackStore;
import dev.gyre.server.serving.PredictionLogArchive;
import dev.gyre.serving.log.PredictionLogReader;
import dev.gyre.serving.log.PredictionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The labelled predictions of a deployment as new rows of a CSV data set: each prediction with a feedback label
 * (the {@link FeedbackStore}) is joined by request id to its inputs in the prediction log (the shipped segments in
 * the archive, then the segments still on the platform's disk), and written as a row in the source's column order
 * with the label in the target column. Predictions whose inputs are no longer in the log are counted, not added.
 */
final class FeedbackRows {

    /** The rows to append and what was found. */
    record Found(List<List<String>> rows, int labelled, int withoutInputs) {
    }

    private FeedbackRows() {
    }

    /**
     * @param header the source's columns, in order
     * @param target the column the label goes to
     */
    static Found of(FeedbackStore feedback, ArtifactStore artifacts, Path logDirectory, String deployment,
                    Instant until, List<String> header, String target) {
        Map<String, Object> labels = new LinkedHashMap<>();
        for (FeedbackStore.LabeledPrediction p : feedback.joined(deployment, null, Instant.EPOCH, until).pairs()) {
            labels.put(p.requestId(), p.isClassification() ? p.labelText() : p.labelValue());
        }
        Map<String, Map<String, Object>> inputs = new HashMap<>();
        PredictionLogReader reader = new PredictionLogReader(logDirectory);
        Path scratch = null;
        try {
            for (ArtifactInfo info : new PredictionLogArchive(artifacts).list(deployment)) {
                if (scratch == null) {
                    scratch = Files.createTempFile("gyre-feedback-", ".jsonl");
                }
                try (InputStream in = artifacts.get(info.path(), true)) {
                    Files.copy(in, scratch, StandardCopyOption.REPLACE_EXISTING);
                }
                collect(reader.records(scratch), labels, inputs);
            }
            collect(reader.read(deployment, Instant.EPOCH, until.plusSeconds(3600)), labels, inputs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratch != null) {
                try {
                    Files.deleteIfExists(scratch);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
        if (!header.contains(target)) {
            throw new GyreException.InvalidArgument("The source has no column '" + target + "', the charter's target;"
                    + " feedback labels go there. Ingest a source with that column.");
        }
        List<List<String>> rows = new ArrayList<>();
        int without = 0;
        for (Map.Entry<String, Object> label : labels.entrySet()) {
            Map<String, Object> in = inputs.get(label.getKey());
            if (in == null) {
                without++;
                continue;
            }
            List<String> row = new ArrayList<>();
            for (String column : header) {
                row.add(text(column.equals(target) ? label.getValue() : in.get(column)));
            }
            rows.add(row);
        }
        return new Found(rows, labels.size(), without);
    }

    private static void collect(Stream<PredictionRecord> records, Map<String, Object> labels,
                                Map<String, Map<String, Object>> inputs) {
        try (records) {
            records.filter(r -> !r.shadow() && labels.containsKey(r.requestId()))
                    .forEach(r -> inputs.putIfAbsent(r.requestId(), r.inputs()));
        }
    }

    /** A CSV source as read: its header and its rows. */
    record Source(List<String> header, List<List<String>> rows) {
    }

    /** Reads a CSV file (UTF-8, a leading byte-order mark ignored) with the data stage's reader. */
    static Source read(byte[] bytes, String name) {
        List<String> header = List.of();
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new java.io.ByteArrayInputStream(bytes), name, ',',
                StandardCharsets.UTF_8, IngestOptions.DEFAULT_MAX_FIELD_BYTES)) {
            String[] first = reader.next();
            if (first != null) {
                List<String> names = new ArrayList<>(List.of(first));
                if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
                    names.set(0, names.get(0).substring(1));
                }
                header = List.copyOf(names);
                reader.columnNames(header);
            }
            for (String[] row = reader.next(); row != null; row = reader.next()) {
                rows.add(List.of(row));
            }
        }
        return new Source(header, rows);
    }

    /**
     * The rows that are not already in the source: a labelled prediction whose filled cells (label included) equal
     * those of a source row adds nothing, so it is left out, e.g. traffic that replays the training data.
     */
    static List<List<String>> notIn(List<List<String>> source, List<List<String>> rows) {
        Map<String, java.util.Set<List<String>>> byFilled = new HashMap<>();
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            List<Integer> filled = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                if (!row.get(i).isEmpty()) {
                    filled.add(i);
                }
            }
            java.util.Set<List<String>> known = byFilled.computeIfAbsent(filled.toString(), k -> {
                java.util.Set<List<String>> set = new java.util.HashSet<>();
                for (List<String> r : source) {
                    set.add(project(r, filled));
                }
                return set;
            });
            if (!known.contains(project(row, filled))) {
                out.add(row);
            }
        }
        return out;
    }

    private static List<String> project(List<String> row, List<Integer> columns) {
        List<String> out = new ArrayList<>(columns.size());
        for (int i : columns) {
            out.add(i < row.size() ? row.get(i) : "");
        }
        return out;
    }

    /** A value as CSV text: whole numbers without a fraction, missing as empty. */
    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }

    /** One CSV line of {@code values}, quoted where needed, without the line end. */
    static String line(List<String> values, char delimiter) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(delimiter);
            }
            String v = values.get(i);
            if (v.indexOf(delimiter) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }
}
