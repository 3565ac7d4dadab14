package dev.gyre.server.pipelines.stages;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactStore;
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

    /**
     * The rows that are not already in the source: a labelled prediction whose filled cells (label included) equal
     * those of a source row adds nothing, so it is left out, e.g. traffic that replays the training data. The
     * source is read line by line (a quoted field spanning lines only keeps its row from matching).
     */
    static List<List<String>> notIn(String sourceText, List<List<String>> rows, char delimiter) {
        List<List<String>> source = sourceText.lines().skip(1).filter(l -> !l.isBlank())
                .map(l -> header(l, delimiter)).toList();
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
                for (List<String> s : source) {
                    set.add(project(s, filled));
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

    /** The fields of a CSV header line (quotes honoured). */
    static List<String> header(String firstLine, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < firstLine.length(); i++) {
            char c = firstLine.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < firstLine.length() && firstLine.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    /** The bytes of a CSV file, as UTF-8 text. */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
