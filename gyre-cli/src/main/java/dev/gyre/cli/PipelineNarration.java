package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells what a pipeline run does while it is followed, and what it did once it ends or waits. Each poll's run view
 * goes to {@link #accept}: every event not told before is printed once with its step, and every step run that
 * finished gets a progress line such as {@code [3/9] train ✓ 12.4s}. {@link #summary} prints the table of steps
 * and the checkpoints' verdicts; {@link #outcome} says what the final status means and what to do next.
 */
final class PipelineNarration implements Consumer<JsonNode> {

    /** The longest narration line: event messages can carry whole parameter maps. */
    static final int WIDTH = 160;

    private final PrintStream err;
    private final List<String> stepOrder;
    private final boolean unicode;
    private final Set<Integer> toldSteps = new HashSet<>();
    private int toldEvents;

    /**
     * @param stepOrder  the spec's step ids in order (for {@code [k/N]}); empty when not known
     * @param skipEvents how many of the run's events were told before (e.g. before a resume)
     * @param unicode    whether to draw ✓ and ✗ (else {@code ok} and {@code FAILED})
     */
    PipelineNarration(PrintStream err, List<String> stepOrder, int skipEvents, boolean unicode) {
        this.err = err;
        this.stepOrder = List.copyOf(stepOrder);
        this.toldEvents = skipEvents;
        this.unicode = unicode;
    }

    /** Marks the step runs the run already has as told, so that following it after an action shows only news. */
    void skipStepsOf(JsonNode run) {
        for (JsonNode step : run.path("steps")) {
            if (finished(step)) {
                toldSteps.add(step.path("seq").asInt());
            }
        }
    }

    @Override
    public void accept(JsonNode run) {
        JsonNode events = run.path("events");
        JsonNode steps = run.path("steps");
        for (int i = toldEvents; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String type = event.path("type").asText();
            String step = text(event.path("step"));
            err.println(clip("  " + (step == null ? "" : step + ": ") + Main.oneLine(event.path("message")
                    .asText(type))));
            if (step != null && (type.equals("step_succeeded") || type.equals("step_failed")
                    || type.equals("cache_hit"))) {
                for (JsonNode s : steps) {
                    if (step.equals(s.path("step").asText()) && finished(s) && toldSteps.add(s.path("seq").asInt())) {
                        err.println(progressLine(s));
                        break;
                    }
                }
            }
        }
        toldEvents = Math.max(toldEvents, events.size());
        if (run.path("status").asText().equals("running")) {
            err.flush();
            return;     // a step run is stored before its event: its line comes with the event, in order
        }
        for (JsonNode s : steps) {
            if (finished(s) && toldSteps.add(s.path("seq").asInt())) {
                err.println(progressLine(s));
            }
        }
        err.flush();
    }

    /** {@code [3/9] train ✓ 12.4s}, with {@code (cached)} or the pass when it matters. */
    String progressLine(JsonNode step) {
        String id = step.path("step").asText();
        int index = stepOrder.indexOf(id);
        String position = index >= 0 ? "[" + (index + 1) + "/" + stepOrder.size() + "]"
                : "[#" + step.path("seq").asInt() + "]";
        String status = step.path("status").asText();
        String mark = switch (status) {
            case "succeeded" -> unicode ? "✓" : "ok";
            case "cached" -> unicode ? "✓ cached" : "ok cached";
            case "failed" -> unicode ? "✗" : "FAILED";
            default -> status;
        };
        StringBuilder line = new StringBuilder(position).append(' ').append(id).append(' ').append(mark);
        if (step.path("duration_ms").isNumber()) {
            line.append(' ').append(duration(step.path("duration_ms").asLong()));
        }
        if (step.path("iteration").asInt(1) > 1) {
            line.append(" (pass ").append(step.path("iteration").asInt()).append(')');
        }
        return line.toString();
    }

    /** A narration line cut at {@link #WIDTH} characters; `gyre pipeline show` has the whole message. */
    static String clip(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 1) + "…";
    }

    /** The table of steps and the checkpoints' verdicts. */
    static void summary(Output out, JsonNode run) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode s : run.path("steps")) {
            rows.add(List.of(s.path("step").asText(), s.path("iteration").asText("1"), s.path("status").asText(),
                    cachedFrom(s), s.path("duration_ms").isNumber() ? duration(s.path("duration_ms").asLong()) : "-",
                    outputs(s.path("outputs"))));
        }
        if (!rows.isEmpty()) {
            out.table(List.of("STEP", "PASS", "STATUS", "CACHED", "DURATION", "OUTPUTS"), rows);
        }
        List<List<String>> verdicts = checkpoints(run);
        if (!verdicts.isEmpty()) {
            out.line("");
            out.table(List.of("CHECKPOINT", "VERDICT", "WHY"), verdicts);
        }
    }

    /** One row per checkpoint decision: the step, the verdict, the event's message. */
    static List<List<String>> checkpoints(JsonNode run) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : run.path("events")) {
            String verdict = switch (e.path("type").asText()) {
                case "checkpoint_passed" -> "held";
                case "checkpoint_failed" -> "did not hold";
                case "goto" -> "goto";
                case "waiting" -> "awaits approval";
                case "exhausted" -> "exhausted";
                case "approved" -> "approved";
                case "rejected" -> "rejected";
                default -> null;
            };
            if (verdict != null) {
                rows.add(List.of(e.path("step").asText("-"), verdict, e.path("message").asText("")));
            }
        }
        return rows;
    }

    /**
     * Prints what the run's status means and what to do next; returns the exit code: 0 succeeded, 2 waiting for an
     * approval, 1 otherwise (with the reason and the fix on standard error).
     */
    static int outcome(Output out, PrintStream err, JsonNode run, String project) {
        String id = run.path("id").asText();
        String status = run.path("status").asText();
        String reason = text(run.path("reason"));
        switch (status) {
            case "succeeded" -> {
                out.line("Pipeline run " + id + " succeeded.");
                return 0;
            }
            case "running" -> {
                out.line("Pipeline run " + id + " is running; follow it with `gyre pipeline show " + id
                        + " --project " + project + "`.");
                return 0;
            }
            case "waiting" -> {
                JsonNode awaiting = run.path("awaiting");
                String why = text(awaiting.path("reason"));
                out.line("Pipeline run " + id + " waits at step '" + awaiting.path("step").asText()
                        + "' for an approval by a member with role " + awaiting.path("role").asText()
                        + (why == null ? "" : " (" + Main.oneLine(why) + ")") + ".");
                out.line("  approve: gyre pipeline approve " + id + " --project " + project);
                out.line("  reject:  gyre pipeline reject " + id + " --project " + project + " --comment \"…\"");
                return 2;
            }
            default -> {
                String fix = switch (status) {
                    case "failed" -> "fix the cause, then continue where it stopped with `gyre pipeline resume " + id
                            + " --project " + project + "`";
                    case "interrupted" -> "the platform stopped while it ran; continue it with `gyre pipeline resume "
                            + id + " --project " + project + "`";
                    case "failed_checkpoint" -> "improve the step or revise the checkpoint's condition in the"
                            + " spec, then start a new run (`gyre pipeline show " + id + " --project " + project
                            + "` has the verdict)";
                    case "exhausted" -> "raise max_iterations, widen the goto's change or revise the condition, then"
                            + " start a new run";
                    case "rejected" -> "the approver rejected it; start a new run once the objection is addressed";
                    default -> "see `gyre pipeline show " + id + " --project " + project + "`";
                };
                String what = switch (status) {
                    case "failed" -> "failed";
                    case "interrupted" -> "was interrupted";
                    case "failed_checkpoint" -> "stopped at a checkpoint";
                    case "exhausted" -> "used up its passes";
                    case "rejected" -> "was rejected";
                    default -> "ended " + status;
                };
                String because = reason == null ? "" : ": " + Main.oneLine(reason).replaceAll("\\.$", "");
                err.println("gyre: Pipeline run " + id + " " + what + because + ". "
                        + Character.toUpperCase(fix.charAt(0)) + fix.substring(1) + ".");
                return 1;
            }
        }
    }

    static boolean finished(JsonNode step) {
        String status = step.path("status").asText();
        return status.equals("succeeded") || status.equals("cached") || status.equals("failed");
    }

    static String cachedFrom(JsonNode step) {
        String from = text(step.path("cached_from"));
        if (from == null) {
            return step.path("status").asText().equals("cached") ? "yes" : "no";
        }
        int hash = from.indexOf('#');
        return hash > 8 ? from.substring(0, 8) + from.substring(hash) : from;
    }

    static String outputs(JsonNode outputs) {
        List<String> parts = new ArrayList<>();
        outputs.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** {@code 850ms}, {@code 12.4s}, {@code 3m 05s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asText().isEmpty() ? null : node.asText();
    }
}
