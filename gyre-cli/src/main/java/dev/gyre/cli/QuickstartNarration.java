package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code gyre quickstart} tells its story: a numbered heading per stage, one line per pipeline event (a
 * checkpoint's verdict among them), a short summary of what a step found, and the closing table of every
 * checkpoint's verdict. Pure formatting, so the lines can be checked without a platform.
 */
final class QuickstartNarration {

    /** The stages of the story, in order; a heading shows its number out of {@link #STAGES}. */
    static final int STAGES = 6;

    private static final int STEP_WIDTH = 15;
    private static final int TAG_WIDTH = 9;

    private QuickstartNarration() {
    }

    /** {@code [3/6] The pipeline: …}, with a blank line before it. */
    static String heading(int stage, String title) {
        return System.lineSeparator() + "[" + stage + "/" + STAGES + "] " + title;
    }

    /** A detail under a heading: {@code       label  text}. */
    static String detail(String label, String text) {
        return "      " + pad(label, 10) + " " + text;
    }

    /**
     * One pipeline event as one line: what happened, to which step, and the platform's own message (for a
     * checkpoint, its verdict with the values read).
     */
    static String event(JsonNode event) {
        String type = event.path("type").asText("");
        String step = event.path("step").isTextual() ? event.path("step").asText() : "";
        String message = event.path("message").isTextual() ? event.path("message").asText().strip() : "";
        int params = message.indexOf(", params {");
        if (type.equals("step_started") && params > 0) {
            message = message.substring(0, params); // the params are in the run's step view; here they are noise
        }
        return ("      " + pad(tag(type), TAG_WIDTH) + " " + pad(step, STEP_WIDTH) + " " + message).stripTrailing();
    }

    /** The short word an event type is shown with; a verdict stands out in capitals. */
    static String tag(String type) {
        return switch (type) {
            case "run_started" -> "start";
            case "step_started" -> "running";
            case "step_succeeded" -> "done";
            case "step_failed" -> "FAILED";
            case "cache_hit" -> "reused";
            case "checkpoint_passed" -> "PASSED";
            case "checkpoint_failed" -> "NOT MET";
            case "goto" -> "again";
            case "waiting" -> "WAITING";
            case "approved" -> "APPROVED";
            case "rejected" -> "REJECTED";
            case "stopped" -> "STOPPED";
            case "exhausted" -> "EXHAUSTED";
            case "resumed" -> "resumed";
            case "interrupted" -> "INTERRUPT";
            case "run_succeeded" -> "finished";
            default -> type.isEmpty() ? "event" : type;
        };
    }

    /**
     * What a step found, as {@code key value} pairs from its results (nested keys joined with dots, numbers with
     * three decimals, per-fold scores left out), at most {@code max} of them; empty when there are none.
     */
    static String results(JsonNode results, int max) {
        List<String> parts = new ArrayList<>();
        flatten("", results, parts, max);
        return String.join(", ", parts);
    }

    private static void flatten(String prefix, JsonNode node, List<String> into, int max) {
        if (node == null || node.isMissingNode() || node.isNull() || into.size() >= max) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext() && into.size() < max) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().matches(".*_fold\\d+")) {
                    continue; // the per-fold scores of cross-validation: their mean is there
                }
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into, max);
            }
        } else if (node.isArray()) {
            if (node.size() <= 4 && allScalar(node)) {
                List<String> values = new ArrayList<>();
                node.forEach(v -> values.add(value(v)));
                into.add(prefix + " [" + String.join(", ", values) + "]");
            } else {
                into.add(prefix + " (" + node.size() + " items)");
            }
        } else {
            into.add(prefix + " " + value(node));
        }
    }

    private static boolean allScalar(JsonNode array) {
        for (JsonNode v : array) {
            if (v.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** A scalar as shown: whole numbers as they are, other numbers with three decimals. */
    static String value(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return number(v.asDouble());
        }
        return v.asText();
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.3f", d);
    }

    /**
     * One row of the closing summary per checkpoint verdict and decision of a run: the run's trigger, the step,
     * the verdict's tag and its message.
     */
    static List<List<String>> verdicts(String label, JsonNode run) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : run.path("events")) {
            String type = e.path("type").asText("");
            if (type.startsWith("checkpoint_") || type.equals("approved") || type.equals("rejected")
                    || type.equals("goto") || type.equals("stopped") || type.equals("exhausted")
                    || type.equals("step_failed")) {
                rows.add(List.of(label, e.path("step").asText("-"), tag(type), why(e.path("message").asText(""))));
            }
        }
        rows.add(List.of(label, "-", run.path("status").asText("?").toUpperCase(Locale.ROOT),
                run.path("reason").isTextual() ? run.path("reason").asText() : ""));
        return rows;
    }

    private static final java.util.regex.Pattern VERDICT = java.util.regex.Pattern.compile(
            "\\) (?:held|did not hold): (.*)$");

    /**
     * The part of a decision's message the summary shows: a checkpoint's values read ({@code metrics.roc_auc =
     * 0.862 >= 0.85}), who approved or rejected, or the message itself.
     */
    static String why(String message) {
        String text = message.strip();
        java.util.regex.Matcher verdict = VERDICT.matcher(text);
        if (verdict.find()) {
            return verdict.group(1);
        }
        int after = text.indexOf(" the checkpoint after ");
        return after > 0 && (text.contains(" approved the checkpoint") || text.contains(" rejected the checkpoint"))
                ? text.substring(0, after) : text;
    }

    /** The model versions a run made or validated ({@code name/N}), from its outputs, in step order, each once. */
    static List<String> modelVersions(JsonNode run) {
        List<String> versions = new ArrayList<>();
        for (JsonNode outputs : run.path("outputs")) {
            JsonNode v = outputs.path("model_version");
            if (v.isTextual() && v.asText().matches("[^/\\s]+/\\d+") && !versions.contains(v.asText())) {
                versions.add(v.asText());
            }
        }
        return versions;
    }

    /**
     * The drifted input columns of a monitoring status, in its order, at most {@code max}, each with its test and
     * statistic: {@code Fare (ks 0.912)}; {@code none} when no column drifted. (Statistics of different tests
     * are not on one scale, so they are not ranked.)
     */
    static List<String> topDrifted(JsonNode status, int max) {
        List<JsonNode> drifted = new ArrayList<>();
        for (JsonNode c : status.path("columns")) {
            if (c.path("drifted").asBoolean()) {
                drifted.add(c);
            }
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : drifted.subList(0, Math.min(max, drifted.size()))) {
            out.add(c.path("column").asText() + " (" + c.path("test").asText() + " "
                    + value(c.path("statistic")) + ")");
        }
        return out.isEmpty() ? List.of("none") : out;
    }

    /** {@code 1m 05s} or {@code 42s}. */
    static String duration(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        return seconds >= 60 ? String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
