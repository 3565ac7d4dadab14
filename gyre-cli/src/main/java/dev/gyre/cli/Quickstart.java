package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.client.CreatedToken;
import dev.gyre.client.FeedbackResult;
import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The story {@code gyre quickstart} tells on a fresh platform, stage by stage: the people and the project, the
 * Titanic pipeline from data to deployment with a human approval, traffic with its true labels, drift that fires
 * an alert whose retraining run challenges the champion, and a summary of every checkpoint's verdict. Each stage
 * fails with a {@link CliException} naming what went wrong.
 */
final class Quickstart {

    static final String PROJECT = "titanic";
    static final String PIPELINE = "titanic";
    static final String DEPLOYMENT = "titanic";
    static final String ENGINEER = "alice";
    static final String ENGINEER_ROLE = "ml-engineer";

    /**
     * How much the story does and how long it waits.
     *
     * @param requestSize   records per prediction request
     * @param driftBatch    drifted records sent per monitoring round
     * @param seed          the seed of every random choice
     * @param poll          how often a run or the monitoring is looked at
     * @param runTimeout    the longest a pipeline run may take
     * @param driftTimeout  the longest drift may take to fire the alert, and the retraining run to start
     */
    record Settings(int requestSize, int driftBatch, long seed, Duration poll, Duration runTimeout,
                    Duration driftTimeout) {
        static Settings defaults() {
            return new Settings(25, 100, 42, Duration.ofMillis(500), Duration.ofMinutes(10), Duration.ofMinutes(2));
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final GyreClient admin;
    private final Settings settings;
    private final String baseUrl;
    private final Path tokenFile;
    private final PipelineSpecFiles.Source files;
    private final String specText;
    private GyreClient engineer;
    private JsonNode firstRun;
    private JsonNode retrainRun;
    private JsonNode alert;

    Quickstart(PrintStream out, PrintStream err, boolean terminal, GyreClient admin, Settings settings, String baseUrl,
               Path tokenFile, PipelineSpecFiles.Source files, String specText) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.admin = admin;
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.tokenFile = tokenFile;
        this.files = files;
        this.specText = specText;
    }

    /** Stages 2 to 6. */
    void tell() {
        people();
        pipeline();
        traffic();
        drift();
        summary();
    }

    // ------------------------------------------------------------------ 2. people and project

    private void people() {
        out.println(QuickstartNarration.heading(2, "People and the project"));
        admin.createUser(ENGINEER, ENGINEER_ROLE, null);
        CreatedToken token = admin.createToken("quickstart", null, ENGINEER);
        engineer = admin.withToken(token.token());
        out.println(QuickstartNarration.detail("user", ENGINEER + " (" + ENGINEER_ROLE + "), with an API token;"
                + " she will review and approve"));
        admin.createProject(PROJECT, "Titanic survival: the quickstart's project");
        String charter = text("charter.yaml");
        admin.putCharter(PROJECT, charter, "yaml");
        JsonNode c = yaml(charter, "charter.yaml");
        out.println(QuickstartNarration.detail("project", PROJECT + ", charter v1: target " + c.path("target").asText()
                + ", success " + c.path("success_metric").asText() + ", sensitive attribute "
                + String.join(", ", strings(c.path("sensitive_attributes"))) + " (fairness "
                + c.path("fairness").path("mode").asText("blocking").replace('_', '-') + ")"));
        admin.addMember(PROJECT, ENGINEER, ENGINEER_ROLE);
        out.println(QuickstartNarration.detail("member", ENGINEER + " joins " + PROJECT + " as " + ENGINEER_ROLE));
    }

    // ------------------------------------------------------------------ 3. the pipeline

    private void pipeline() {
        out.println(QuickstartNarration.heading(3, "The pipeline: from raw data to a deployed model"));
        PipelineSpecFiles.Resolved spec = PipelineSpecFiles.resolve(specText, files, admin.data(), PROJECT);
        if (!spec.uploaded().isEmpty()) {
            out.println(QuickstartNarration.detail("uploaded", String.join(", ", spec.uploaded())));
        }
        admin.pipelines().put(PROJECT, PIPELINE, spec.json(), null, List.of(DEPLOYMENT));
        out.println(QuickstartNarration.detail("stored", "pipeline '" + PIPELINE + "', run again when an alert of"
                + " deployment '" + DEPLOYMENT + "' asks for retraining"));
        JsonNode run = admin.pipelines().run(PROJECT, PIPELINE, Map.of());
        out.println(QuickstartNarration.detail("run", run.path("id").asText() + " started by admin"));
        firstRun = follow(run.path("id").asText());
        if (!"succeeded".equals(firstRun.path("status").asText())) {
            throw new CliException("The pipeline run " + firstRun.path("id").asText() + " ended "
                    + firstRun.path("status").asText() + reason(firstRun) + ", so there is no deployment to send"
                    + " traffic to. Its events are above.");
        }
    }

    /**
     * Follows a run until it ends, printing each new event (and what each finished step found), approving as
     * the engineer whenever the run waits for her role.
     */
    JsonNode follow(String runId) {
        int seen = 0;
        long deadline = System.nanoTime() + settings.runTimeout().toNanos();
        ProgressBar bar = new ProgressBar(err, "run", terminal);
        long shownAt = System.nanoTime();
        while (true) {
            JsonNode run = admin.pipelines().get(PROJECT, runId);
            JsonNode events = run.path("events");
            if (events.size() > seen) {
                bar.finish();
            }
            for (int i = seen; i < events.size(); i++) {
                JsonNode event = events.get(i);
                out.println(QuickstartNarration.event(event));
                if ("step_succeeded".equals(event.path("type").asText()) || "cache_hit".equals(event.path("type").asText())) {
                    stepFindings(run, event.path("step").asText());
                }
            }
            seen = Math.max(seen, events.size());
            String status = run.path("status").asText();
            if ("waiting".equals(status)) {
                approve(run);
                continue;
            }
            if (!"running".equals(status)) {
                bar.finish();
                return run;
            }
            if (System.nanoTime() > deadline) {
                bar.finish();
                throw new CliException("The pipeline run " + runId + " still runs after "
                        + QuickstartNarration.duration(settings.runTimeout().toMillis()) + " (at step "
                        + run.path("next_step").asText("?") + "); it goes on on the platform. The training budgets"
                        + " of the pipeline spec may be too large for this machine.");
            }
            if (terminal) {
                int total = run.path("steps_total").asInt(0);
                java.util.Set<String> done = new java.util.HashSet<>();
                for (JsonNode s : run.path("steps")) {
                    if (s.path("status").asText().equals("succeeded") || s.path("status").asText().equals("cached")) {
                        done.add(s.path("step").asText());
                    }
                }
                bar.redraw("      " + ProgressBar.gauge(done.size(), total, 20) + " " + done.size() + "/" + total
                        + "  " + run.path("next_step").asText("…") + "  "
                        + QuickstartNarration.duration((System.nanoTime() - shownAt) / 1_000_000));
            }
            sleep(settings.poll());
        }
    }

    private void stepFindings(JsonNode run, String step) {
        JsonNode found = null;
        for (JsonNode s : run.path("steps")) {
            if (step.equals(s.path("step").asText())) {
                found = s;
            }
        }
        if (found == null) {
            return;
        }
        JsonNode results = found.path("results");
        String summary = QuickstartNarration.results(results, 8);
        if (!summary.isEmpty()) {
            out.println("                " + " ".repeat(10) + summary);
        }
        if (results.has("beats_champion")) {
            JsonNode champion = results.path("champion");
            out.println("                " + " ".repeat(10) + "challenger "
                    + found.path("outputs").path("model_version").asText("?") + " against the champion "
                    + (champion.path("version").isMissingNode() ? "(none yet)" : "version " + champion.path("version").asText())
                    + ": " + (results.path("beats_champion").asBoolean() ? "beats it" : "does not beat it"));
        }
        JsonNode card = found.path("outputs").path("model_card");
        if (card.isTextual()) {
            out.println("                " + " ".repeat(10) + "model card " + baseUrl + card.asText());
        }
    }

    private void approve(JsonNode run) {
        JsonNode awaiting = run.path("awaiting");
        String role = awaiting.path("role").asText(ENGINEER_ROLE);
        String step = awaiting.path("step").asText("?");
        String id = run.path("id").asText();
        if (ENGINEER_ROLE.equals(role)) {
            out.println("      " + ENGINEER + ", a second person (" + ENGINEER_ROLE + "), reviews step '" + step
                    + "' and approves it with her own token");
            engineer.pipelines().approve(PROJECT, id, "Reviewed the gates, the fairness report and the model card.");
            reportPromotion(run, step);
        } else {
            out.println("      admin approves step '" + step + "' (it waits for role " + role + ")");
            admin.pipelines().approve(PROJECT, id, "Approved by the quickstart.");
        }
    }

    /**
     * When the waiting step requested a promotion in the registry, the platform decides it together with the run's
     * approval, as the approver (four eyes: the run acts as the user who started it): says what became of it.
     */
    private void reportPromotion(JsonNode run, String step) {
        JsonNode promotion = null;
        String model = null;
        for (JsonNode s : run.path("steps")) {
            if (step.equals(s.path("step").asText())) {
                promotion = s.path("results").path("promotion");
                model = s.path("outputs").path("model_version").asText("").replaceFirst("/\\d+$", "");
            }
        }
        if (promotion == null || model == null || model.isEmpty() || !promotion.path("id").canConvertToLong()) {
            return;
        }
        long id = promotion.path("id").asLong();
        engineer.listPromotions(model).stream().filter(p -> p.id() == id).findFirst().ifPresent(p ->
                out.println("      promotion request " + p.id() + " (" + p.model() + " version " + p.version()
                        + " to '" + p.alias() + "', asked by " + p.requestedBy() + "): "
                        + p.status().toLowerCase(java.util.Locale.ROOT)
                        + (p.decidedBy() == null ? "" : " by " + p.decidedBy())));
    }

    // ------------------------------------------------------------------ 4. traffic

    private void traffic() {
        out.println(QuickstartNarration.heading(4, "Traffic: predictions, then their true labels"));
        List<Map<String, Object>> passengers = DriftBatch.passengers(bytes("titanic.csv"));
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Map<String, Object> p : passengers) {
            records.add(DriftBatch.features(p));
            labels.add(DriftBatch.label(p));
        }
        Sent sent = predict(records, "qs-traffic", "predict");
        int correct = 0;
        List<Map<String, Object>> feedback = new ArrayList<>();
        for (int i = 0; i < sent.ids().size(); i++) {
            if (labels.get(i) != null) {
                feedback.add(item(sent.ids().get(i), labels.get(i)));
                correct += labels.get(i).equals(sent.predicted().get(i)) ? 1 : 0;
            }
        }
        out.println(QuickstartNarration.detail("predicted", sent.ids().size() + " passengers in " + sent.requests()
                + " requests to POST /api/v1/deployments/" + DEPLOYMENT + "/predict, answered by version "
                + sent.version()));
        int accepted = sendFeedback(feedback);
        out.println(QuickstartNarration.detail("feedback", accepted + " true labels joined by request id; the model"
                + " was right for " + percent(correct, feedback.size())));
    }

    /** What a series of prediction requests answered. */
    private record Sent(List<String> ids, List<String> predicted, int requests, String version) {
    }

    private Sent predict(List<Map<String, Object>> records, String idPrefix, String label) {
        ProgressBar bar = new ProgressBar(err, label, terminal);
        List<String> ids = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        String version = "?";
        int requests = 0;
        for (int from = 0; from < records.size(); from += settings.requestSize()) {
            List<Map<String, Object>> part = records.subList(from, Math.min(records.size(), from + settings.requestSize()));
            String requestId = idPrefix + "-" + requests;
            JsonNode answer = admin.deployments().predict(DEPLOYMENT, requestId, part);
            requests++;
            version = answer.path("model_version").asText(version);
            JsonNode predictions = answer.path("predictions");
            for (int i = 0; i < part.size(); i++) {
                ids.add(requestId + "#" + i);
                predicted.add(predictions.path(i).path("predicted_class").asText());
            }
            if (terminal) {
                bar.redraw(label + " " + ProgressBar.gauge(ids.size(), records.size(), 30) + " " + ids.size() + "/"
                        + records.size());
            }
        }
        bar.finish();
        return new Sent(ids, predicted, requests, version);
    }

    /**
     * Sends labels. The platform records predictions about once a second, so the labels wait a moment first, and
     * labels still unmatched are sent again a little later (a label sent twice is a harmless duplicate).
     */
    private int sendFeedback(List<Map<String, Object>> items) {
        int accepted = 0;
        List<Map<String, Object>> pending = items;
        for (int attempt = 0; attempt < 10 && !pending.isEmpty(); attempt++) {
            sleep(Duration.ofMillis(attempt == 0 ? 1200 : 700));
            List<Map<String, Object>> unmatched = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += 5000) {
                List<Map<String, Object>> part = pending.subList(from, Math.min(pending.size(), from + 5000));
                FeedbackResult result = admin.deployments().feedback(DEPLOYMENT, part);
                accepted += result.accepted();
                if (result.unmatchedCount() == 0) {
                    continue;
                }
                if (result.unmatched().size() < result.unmatchedCount()) {
                    unmatched.addAll(part); // the answer names only some of them: send the part again
                } else {
                    java.util.Set<String> missing = new java.util.HashSet<>(result.unmatched());
                    part.stream().filter(i -> missing.contains((String) i.get("request_id"))).forEach(unmatched::add);
                }
            }
            pending = unmatched;
        }
        return accepted;
    }

    private static Map<String, Object> item(String requestId, String label) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("request_id", requestId);
        item.put("label", label);
        return item;
    }

    // ------------------------------------------------------------------ 5. drift and retraining

    private void drift() {
        out.println(QuickstartNarration.heading(5, "Drift: older, richer passengers, all first class, from Queenstown"));
        List<Map<String, Object>> passengers = DriftBatch.passengers(bytes("titanic.csv"));
        long deadline = System.nanoTime() + settings.driftTimeout().toNanos();
        int round = 0;
        while (alert == null) {
            if (System.nanoTime() > deadline) {
                throw new CliException("No drift alert fired within " + QuickstartNarration.duration(
                        settings.driftTimeout().toMillis()) + " of shifted traffic. See `gyre monitor status "
                        + DEPLOYMENT + "` and the rules in alerts.yaml of the home.");
            }
            round++;
            long seed = settings.seed() + round;
            List<Map<String, Object>> batch = DriftBatch.build(passengers, settings.driftBatch(), seed);
            Sent sent = predict(batch, "qs-drift-" + round, "drift");
            List<String> labels = DriftBatch.delayedLabels(batch);
            long wrong = 0;
            for (int i = 0; i < labels.size(); i++) {
                wrong += labels.get(i).equals(sent.predicted().get(i)) ? 0 : 1;
            }
            List<Map<String, Object>> feedback = new ArrayList<>();
            for (int i = 0; i < sent.ids().size(); i++) {
                feedback.add(item(sent.ids().get(i), labels.get(i)));
            }
            sendFeedback(feedback);
            JsonNode evaluated = admin.monitoring().evaluate(DEPLOYMENT);
            String state = "no verdict yet";
            for (JsonNode rule : evaluated.path("alerts")) {
                if (rule.path("retrain").asBoolean()) {
                    state = "rule " + rule.path("rule").asText() + " " + rule.path("status").asText()
                            + (rule.path("value").isNumber() ? " at " + QuickstartNarration.value(rule.path("value")) : "");
                    if ("firing".equals(rule.path("status").asText())) {
                        alert = rule;
                    }
                }
            }
            out.println(QuickstartNarration.detail("round " + round, sent.ids().size() + " shifted passengers"
                    + " predicted; their late labels (all survived but those over "
                    + (int) DriftBatch.SURVIVAL_AGE_LIMIT + ") say the model was wrong for "
                    + percent(wrong, sent.ids().size()) + "; " + state));
            if (alert == null) {
                sleep(Duration.ofSeconds(1));
            }
        }
        out.println(QuickstartNarration.detail("ALERT", alert.path("rule").asText() + " fired: "
                + alert.path("metric").asText() + " " + QuickstartNarration.value(alert.path("value")) + " "
                + alert.path("comparison").asText() + " " + QuickstartNarration.value(alert.path("threshold"))
                + " (" + alert.path("severity").asText() + "), retraining requested"));
        JsonNode status = admin.monitoring().status(DEPLOYMENT, null);
        out.println(QuickstartNarration.detail("drift", "share " + QuickstartNarration.value(status.path("drift_share"))
                + " of the input columns over " + status.path("rows").asText("?") + " records; drifted: "
                + String.join(", ", QuickstartNarration.topDrifted(status, 4))));
        retrainRun = follow(awaitRetraining(deadline + settings.driftTimeout().toNanos()));
        String ended = retrainRun.path("status").asText();
        if (ended.equals("failed") || ended.equals("interrupted")) {
            throw new CliException("The retraining run " + retrainRun.path("id").asText() + " ended " + ended
                    + reason(retrainRun) + ". Its events are above; resume it with the pipeline API once fixed.");
        }
    }

    /** Waits for the run the alert's retraining request starts; answers its id. */
    private String awaitRetraining(long deadline) {
        while (true) {
            for (JsonNode run : admin.pipelines().list(PROJECT)) {
                if (run.path("trigger").asText().startsWith("alert:")) {
                    out.println(QuickstartNarration.detail("retrain", "the platform started run "
                            + run.path("id").asText() + " of pipeline '" + run.path("pipeline").asText(PIPELINE)
                            + "' (trigger " + run.path("trigger").asText() + ")"));
                    return run.path("id").asText();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("The alert fired but no retraining run started. Check that pipeline '"
                        + PIPELINE + "' lists deployment '" + DEPLOYMENT + "' in on_alert and the platform's log.");
            }
            sleep(settings.poll());
        }
    }

    // ------------------------------------------------------------------ 6. summary

    private void summary() {
        out.println(QuickstartNarration.heading(6, "What happened"));
        List<List<String>> rows = new ArrayList<>();
        rows.addAll(QuickstartNarration.verdicts("run 1 (manual)", firstRun));
        rows.addAll(QuickstartNarration.verdicts("run 2 (" + retrainRun.path("trigger").asText() + ")", retrainRun));
        new Output(out).table(List.of("RUN", "STEP", "VERDICT", "WHY"), rows);
        List<String> versions = new ArrayList<>(QuickstartNarration.modelVersions(firstRun));
        QuickstartNarration.modelVersions(retrainRun).stream().filter(v -> !versions.contains(v)).forEach(versions::add);
        out.println();
        out.println(QuickstartNarration.detail("models", versions.isEmpty() ? "-" : String.join(", ", versions)));
        try {
            var deployment = admin.deployments().get(DEPLOYMENT);
            out.println(QuickstartNarration.detail("serving", "deployment " + DEPLOYMENT + " answers with "
                    + deployment.model() + " version " + deployment.primaryVersion() + (deployment.canary() == null
                    ? "" : ", and sends " + deployment.canary().percent() + " % of the requests to version "
                    + deployment.canary().version() + " (canary; `gyre deploy promote " + DEPLOYMENT
                    + "` makes it the primary)")));
        } catch (GyreClientException e) {
            out.println(QuickstartNarration.detail("serving", "-"));
        }
        out.println();
        out.println(QuickstartNarration.detail("API docs", baseUrl + "/api/docs"));
        out.println(QuickstartNarration.detail("metrics", baseUrl + "/metrics"));
        for (String version : versions) {
            String[] parts = version.split("/");
            out.println(QuickstartNarration.detail("model card", baseUrl + "/api/v1/models/" + parts[0] + "/versions/"
                    + parts[1] + "/card"));
        }
        out.println(QuickstartNarration.detail("drift", baseUrl + "/api/v1/deployments/" + DEPLOYMENT
                + "/monitoring/report?format=html&window=1h"));
        out.println(QuickstartNarration.detail("token", tokenFile + " (admin; send it as a bearer token)"));
        out.println(QuickstartNarration.detail("e.g.", "curl -H \"Authorization: Bearer $(cat " + tokenFile + ")\" "
                + baseUrl + "/api/v1/deployments/" + DEPLOYMENT + "/monitoring"));
    }

    // ------------------------------------------------------------------ helpers

    private byte[] bytes(String name) {
        return files.read(name).orElseThrow(() -> new CliException("The quickstart's example has no " + name
                + "; rebuild Gyre (./mvnw -DskipTests package) so the jar carries examples/titanic."));
    }

    private String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static JsonNode yaml(String text, String name) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new CliException(name + " of the example is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String reason(JsonNode run) {
        return run.path("reason").isTextual() ? " (" + run.path("reason").asText() + ")" : "";
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : Math.round(100.0 * part / whole) + " %";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted.", e);
        }
    }
}
