package dev.gyre.server.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Delayed ground truth in the metadata store (tables {@code monitoring_predictions} and {@code monitoring_feedback},
 * docs/feedback.md): the primary predictions of each deployment by request id, the true labels sent for them later,
 * and the two joined for a time window, for quality metrics.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #recordPredictions} is idempotent per (deployment, request id): the first record kept wins.</li>
 *   <li>{@link #submit} checks the whole call before writing anything: a label that does not fit its prediction
 *       refuses the call and nothing is stored. Then each request id is stored, found a duplicate, found a conflict
 *       (a different label is kept, never replaced) or reported unmatched (no prediction recorded).</li>
 *   <li>A label is stored in the form its prediction asks for: a class name for a classifier (its
 *       {@code label_text}), a finite number for a regression model (its {@code label_value}).</li>
 * </ul>
 * Thread-safe; concurrent calls on other platform replicas are safe too (the primary keys decide).
 */
public final class FeedbackStore {

    /** The most items one {@link #submit} call takes. */
    public static final int MAX_BATCH = 10_000;
    /** The longest request id stored; predictions with longer ids are not recorded. */
    public static final int MAX_REQUEST_ID_LENGTH = 256;
    static final int MAX_VERSION_LENGTH = 64;
    static final int MAX_CLASS_LENGTH = 1024;
    /** Problems listed in one refusal; the rest are counted. */
    static final int MAX_PROBLEMS_LISTED = 20;
    /** Request ids per {@code IN (…)} lookup. */
    private static final int LOOKUP_CHUNK = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Double>> PROBABILITIES = new TypeReference<>() { };

    private final Database database;
    private final Clock clock;

    /**
     * A prediction with its true label.
     *
     * @param requestId      the request id
     * @param version        the model version that answered
     * @param predictedAt    when the request was received
     * @param predictedClass the predicted class, or {@code null} for a regression model
     * @param probabilities  each class's probability in the model's class order; empty for a regression model
     * @param value          the predicted value, or {@code null} for a classifier
     * @param labelText      the true class, or {@code null} when the label is a number
     * @param labelValue     the true value, or {@code null} when the label is a class
     */
    public record LabeledPrediction(String requestId, String version, Instant predictedAt, String predictedClass,
                                    Map<String, Double> probabilities, Double value, String labelText,
                                    Double labelValue) {
        /** Copies the probabilities. */
        public LabeledPrediction {
            Objects.requireNonNull(requestId, "requestId");
            probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(probabilities,
                    "probabilities")));
        }

        /** Whether the label is a class (else a number). */
        public boolean isClassification() {
            return labelText != null;
        }
    }

    /**
     * The predictions of a deployment in a window, joined to their true labels.
     *
     * @param deployment the deployment
     * @param version    the model version asked for, or {@code null} for every version
     * @param from       the window's start, inclusive
     * @param to         the window's end, exclusive
     * @param logged     the predictions recorded in the window (with or without a label)
     * @param pairs      the predictions with a label, oldest first
     */
    public record Joined(String deployment, String version, Instant from, Instant to, long logged,
                         List<LabeledPrediction> pairs) {
        /** Copies the pairs. */
        public Joined {
            pairs = List.copyOf(pairs);
        }

        /** How many predictions of the window have a label. */
        public int withFeedback() {
            return pairs.size();
        }

        /** The pairs whose label is a class, oldest first. */
        public List<LabeledPrediction> classification() {
            return pairs.stream().filter(LabeledPrediction::isClassification).toList();
        }

        /** The pairs whose label is a number, oldest first. */
        public List<LabeledPrediction> regression() {
            return pairs.stream().filter(p -> !p.isClassification()).toList();
        }

        /** The predicted classes of {@link #classification()}, in its order. */
        public String[] predictedClasses() {
            return classification().stream().map(LabeledPrediction::predictedClass).toArray(String[]::new);
        }

        /** The true classes of {@link #classification()}, in its order. */
        public String[] trueClasses() {
            return classification().stream().map(LabeledPrediction::labelText).toArray(String[]::new);
        }

        /** The per-class probabilities of {@link #classification()}, in its order. */
        public List<Map<String, Double>> probabilities() {
            return classification().stream().map(LabeledPrediction::probabilities).toList();
        }

        /** The predicted values of {@link #regression()}, in its order. */
        public double[] predictedValues() {
            return regression().stream().mapToDouble(LabeledPrediction::value).toArray();
        }

        /** The true values of {@link #regression()}, in its order. */
        public double[] trueValues() {
            return regression().stream().mapToDouble(LabeledPrediction::labelValue).toArray();
        }
    }

    public FeedbackStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records the primary (non-shadow) predictions among {@code records}, in one batch; a (deployment, request id)
     * already recorded keeps its first record. Shadow records, and records whose request id, version or class is
     * longer than the columns hold, are left out.
     *
     * @throws GyreException when the store fails; nothing of the call is recorded then
     */
    public void recordPredictions(List<PredictionRecord> records) {
        List<PredictionRecord> kept = new ArrayList<>(records.size());
        for (PredictionRecord r : records) {
            if (!r.shadow() && fits(r)) {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            return;
        }
        database.change("record " + kept.size() + " predictions for feedback", h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO monitoring_predictions (deployment, request_id,"
                    + " model_version, predicted_at, predicted_class, probabilities, predicted_value) VALUES (:deployment,"
                    + " :requestId, :version, :at, :predictedClass, :probabilities, :value) ON CONFLICT DO NOTHING");
            for (PredictionRecord r : kept) {
                PredictionRecord.Output out = r.output();
                batch.bind("deployment", r.deployment()).bind("requestId", r.requestId())
                        .bind("version", r.modelVersion()).bind("at", Instant.ofEpochMilli(r.timestampMs()))
                        .bind("predictedClass", out.predictedClass())
                        .bind("probabilities", out.probabilities().isEmpty() ? null : json(out.probabilities()))
                        .bind("value", out.value()).add();
            }
            batch.execute();
            return null;
        });
    }

    private static boolean fits(PredictionRecord r) {
        return r.requestId().length() <= MAX_REQUEST_ID_LENGTH && r.modelVersion().length() <= MAX_VERSION_LENGTH
                && (r.output().predictedClass() == null || r.output().predictedClass().length() <= MAX_CLASS_LENGTH);
    }

    /** As {@link #submit(String, List, String, BiConsumer)} with nothing else in the transaction. */
    public FeedbackResult submit(String deployment, List<FeedbackItem> items, String user) {
        return submit(deployment, items, user, null);
    }

    /**
     * Stores the true labels of a deployment's predictions. The whole call is checked first; then each distinct
     * request id is, in the order sent: unmatched (no prediction recorded; nothing stored), a duplicate (the same
     * label is stored already; nothing changes), a conflict (a different label is stored; it is kept) or accepted
     * (stored now). An id sent twice with the same label counts once.
     *
     * @param alsoInTransaction work done in the same transaction with the result (an audit record), or {@code null}
     * @throws GyreException.InvalidArgument when there are no items or more than {@value #MAX_BATCH}, when a label
     *                                       does not fit its prediction (a class the model does not have, a
     *                                       non-number for a regression model) or one request id is given two
     *                                       different labels — naming each bad item; nothing is stored then
     */
    public FeedbackResult submit(String deployment, List<FeedbackItem> items, String user,
                                 BiConsumer<Handle, FeedbackResult> alsoInTransaction) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(user, "user");
        if (items == null || items.isEmpty()) {
            throw new GyreException.InvalidArgument("Send at least one feedback item, e.g. {\"request_id\": \"r-17\","
                    + " \"label\": \"1\"}.");
        }
        if (items.size() > MAX_BATCH) {
            throw new GyreException.InvalidArgument("A feedback call takes at most " + MAX_BATCH + " items; this one has "
                    + items.size() + ". Split it into several calls (sending an item again is harmless).");
        }
        Instant now = SqlSupport.truncate(clock.instant());
        return database.change("record feedback for deployment '" + deployment + "'", h -> {
            Set<String> ids = new LinkedHashSet<>();
            items.forEach(item -> ids.add(item.requestId()));
            Map<String, Stored> predictions = predictions(h, deployment, ids);
            Map<String, Label> wanted = labels(items, predictions);
            Map<String, Label> existing = feedback(h, deployment, ids);
            int duplicates = 0;
            List<String> unmatched = new ArrayList<>();
            List<String> conflicts = new ArrayList<>();
            Map<String, Label> insert = new LinkedHashMap<>();
            for (Map.Entry<String, Label> e : wanted.entrySet()) {
                Label stored = existing.get(e.getKey());
                if (!predictions.containsKey(e.getKey())) {
                    unmatched.add(e.getKey());
                } else if (stored == null) {
                    insert.put(e.getKey(), e.getValue());
                } else if (stored.equals(e.getValue())) {
                    duplicates++;
                } else {
                    conflicts.add(e.getKey());
                }
            }
            int accepted = 0;
            if (!insert.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("INSERT INTO monitoring_feedback (deployment, request_id,"
                        + " label_text, label_value, received_at, received_by) VALUES (:deployment, :requestId,"
                        + " :text, :value, :at, :by) ON CONFLICT DO NOTHING");
                insert.forEach((id, label) -> batch.bind("deployment", deployment).bind("requestId", id)
                        .bind("text", label.text()).bind("value", label.value()).bind("at", now).bind("by", user).add());
                batch.execute();
                // another call may have stored a label for one of these ids in between: what is stored now decides
                Map<String, Label> after = feedback(h, deployment, insert.keySet());
                for (Map.Entry<String, Label> e : insert.entrySet()) {
                    if (e.getValue().equals(after.get(e.getKey()))) {
                        accepted++;
                    } else {
                        conflicts.add(e.getKey());
                    }
                }
            }
            FeedbackResult result = new FeedbackResult(accepted, duplicates, unmatched, conflicts);
            if (alsoInTransaction != null) {
                alsoInTransaction.accept(h, result);
            }
            return result;
        });
    }

    /** Each distinct request id's label in its prediction's form; refuses the call when any item does not fit. */
    private static Map<String, Label> labels(List<FeedbackItem> items, Map<String, Stored> predictions) {
        Map<String, Label> wanted = new LinkedHashMap<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            FeedbackItem item = items.get(i);
            String id = item.requestId();
            Stored prediction = predictions.get(id);
            Label label;
            if (prediction == null) {
                label = Label.sent(item.label());
            } else {
                label = prediction.label(item.label());
                if (label == null) {
                    problems.add("item " + i + " (request id '" + id + "'): " + prediction.expected(item.label()));
                    continue;
                }
            }
            Label before = wanted.putIfAbsent(id, label);
            if (before == null) {
                firstIndex.put(id, i);
            } else if (!before.equals(label)) {
                problems.add("items " + firstIndex.get(id) + " and " + i + " give request id '" + id
                        + "' different labels (" + before + " and " + label + "); send one label per request id");
            }
        }
        if (!problems.isEmpty()) {
            List<String> listed = problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED));
            throw new GyreException.InvalidArgument("Nothing was stored: " + problems.size() + " of the "
                    + items.size() + " feedback items do not fit their predictions. " + String.join("; ", listed)
                    + (problems.size() > listed.size() ? "; and " + (problems.size() - listed.size()) + " more" : "")
                    + ".");
        }
        return wanted;
    }

    /**
     * The predictions of a deployment whose {@code predicted_at} is in [{@code from}, {@code to}) that have a label,
     * oldest first, with how many predictions the window holds in all.
     *
     * @param version a model version, or {@code null} for every version
     */
    public Joined joined(String deployment, String version, Instant from, Instant to) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        String where = " WHERE p.deployment = :deployment AND p.predicted_at >= :from AND p.predicted_at < :to"
                + (version == null ? "" : " AND p.model_version = :version");
        return database.read("join the feedback of deployment '" + deployment + "'", h -> {
            Query count = h.createQuery("SELECT COUNT(*) FROM monitoring_predictions p" + where);
            Query pairs = h.createQuery("SELECT p.request_id, p.model_version, p.predicted_at, p.predicted_class,"
                    + " p.probabilities, p.predicted_value, f.label_text, f.label_value FROM monitoring_predictions p"
                    + " JOIN monitoring_feedback f ON f.deployment = p.deployment AND f.request_id = p.request_id"
                    + where + " ORDER BY p.predicted_at, p.request_id");
            for (Query q : List.of(count, pairs)) {
                q.bind("deployment", deployment).bind("from", from).bind("to", to);
                if (version != null) {
                    q.bind("version", version);
                }
            }
            long logged = count.mapTo(Long.class).one();
            List<LabeledPrediction> joined = pairs.map((rs, ctx) -> new LabeledPrediction(rs.getString("request_id"),
                    rs.getString("model_version"), SqlSupport.instant(rs, "predicted_at"),
                    rs.getString("predicted_class"), probabilities(rs.getString("probabilities")),
                    nullableDouble(rs, "predicted_value"), rs.getString("label_text"),
                    nullableDouble(rs, "label_value"))).list();
            return new Joined(deployment, version, from, to, logged, joined);
        });
    }

    /**
     * Retention: deletes the predictions received before {@code cutoff}, with their labels.
     *
     * @return how many predictions were deleted
     */
    public long deleteBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return database.change("delete feedback before " + cutoff, h -> {
            h.createUpdate("DELETE FROM monitoring_feedback f WHERE EXISTS (SELECT 1 FROM monitoring_predictions p"
                    + " WHERE p.deployment = f.deployment AND p.request_id = f.request_id AND p.predicted_at < :cutoff)")
                    .bind("cutoff", cutoff).execute();
            return (long) h.createUpdate("DELETE FROM monitoring_predictions WHERE predicted_at < :cutoff")
                    .bind("cutoff", cutoff).execute();
        });
    }

    private static Map<String, Stored> predictions(Handle h, String deployment, Set<String> ids) {
        Map<String, Stored> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            h.createQuery("SELECT request_id, predicted_class, probabilities, predicted_value FROM"
                            + " monitoring_predictions WHERE deployment = :deployment AND request_id IN (<ids>)")
                    .bind("deployment", deployment).bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("request_id"), new Stored(rs.getString("predicted_class"),
                            probabilities(rs.getString("probabilities")), nullableDouble(rs, "predicted_value"))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Map<String, Label> feedback(Handle h, String deployment, Set<String> ids) {
        Map<String, Label> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            h.createQuery("SELECT request_id, label_text, label_value FROM monitoring_feedback"
                            + " WHERE deployment = :deployment AND request_id IN (<ids>)")
                    .bind("deployment", deployment).bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("request_id"), new Label(rs.getString("label_text"),
                            nullableDouble(rs, "label_value"))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static List<List<String>> chunks(Set<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
            out.add(all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK)));
        }
        return out;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static String json(Map<String, Double> probabilities) {
        try {
            return JSON.writeValueAsString(probabilities);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> probabilities(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, PROBABILITIES);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("A stored prediction's probabilities are not JSON: " + e.getMessage(), e);
        }
    }

    /** A label as stored: a class name or a number. */
    private record Label(String text, Double value) {

        /** The label as sent, for comparing labels of unmatched ids: 1, 1.0 and "1" are the same label. */
        static Label sent(Object label) {
            return new Label(Stored.classForms(label).get(0), null);
        }

        @Override
        public String toString() {
            return text != null ? "\"" + text + "\"" : number(value);
        }
    }

    /** What a stored prediction needs to check a label. */
    private record Stored(String predictedClass, Map<String, Double> probabilities, Double value) {

        boolean classifier() {
            return predictedClass != null;
        }

        /** The label in this prediction's form, or {@code null} when it does not fit. */
        Label label(Object sent) {
            if (!classifier()) {
                if (sent instanceof Number n && !(sent instanceof Boolean) && Double.isFinite(n.doubleValue())) {
                    return new Label(null, n.doubleValue());
                }
                return null;
            }
            for (String form : classForms(sent)) {
                if (probabilities.isEmpty() ? form.length() <= MAX_CLASS_LENGTH : probabilities.containsKey(form)) {
                    return new Label(form, null);
                }
            }
            return null;
        }

        /** Why {@code sent} does not fit, and what to send instead. */
        String expected(Object sent) {
            String got = sent instanceof String s ? "\"" + s + "\"" : String.valueOf(sent);
            if (!classifier()) {
                return "the prediction is a regression value (" + number(value) + "), so the label must be a finite"
                        + " number, e.g. " + number(value) + ", not " + got;
            }
            if (probabilities.isEmpty()) {
                return "a class name has at most " + MAX_CLASS_LENGTH + " characters";
            }
            return "the prediction is a class, and " + got + " is not one of the model's classes; send one of "
                    + probabilities.keySet().stream().map(c -> "\"" + c + "\"").toList();
        }

        /** The class names a label may stand for: its text, a number's integral and decimal forms. */
        static List<String> classForms(Object sent) {
            if (sent instanceof String s) {
                return List.of(s);
            }
            if (sent instanceof Boolean b) {
                return List.of(b.toString());
            }
            Number n = (Number) sent;
            List<String> forms = new ArrayList<>();
            if (n instanceof BigDecimal b) {
                forms.add(b.toPlainString());
                if (b.stripTrailingZeros().scale() <= 0) {
                    forms.add(b.toBigInteger().toString());
                }
            } else if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
                    forms.add(Long.toString((long) d));
                }
                forms.add(Double.toString(d));
            } else {
                forms.add(n.toString());
            }
            return forms;
        }
    }

    private static String number(Double value) {
        if (value == null) {
            return "null";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue())
                : Double.toString(value);
    }
}
