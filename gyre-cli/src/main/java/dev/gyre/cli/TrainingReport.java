package dev.gyre.cli;

import dev.gyre.client.RegisteredVersion;
import dev.gyre.client.TrainingJob;
import dev.gyre.client.TrainingTrial;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code gyre train} shows a training job: the progress line while it runs, the leaderboard at the end. */
final class TrainingReport {

    static final int GAUGE_WIDTH = 20;
    static final int PARAMS_WIDTH = 56;

    private TrainingReport() {
    }

    /**
     * One line on how far the job is: status, trials finished (of the budget, with a gauge when asked), failed
     * and pruned trials, the best metric so far, the time elapsed and the estimated time left when known.
     */
    static String progressLine(TrainingJob job, boolean gauge) {
        StringBuilder line = new StringBuilder(job.status() == null ? "?" : job.status());
        int finished = job.trialsFinished();
        if (job.maxTrials() > 0) {
            if (gauge) {
                line.append("  ").append(ProgressBar.gauge(finished, job.maxTrials(), GAUGE_WIDTH));
            }
            line.append("  ").append(finished).append('/').append(job.maxTrials()).append(" trials");
        } else {
            line.append("  ").append(finished).append(finished == 1 ? " trial" : " trials");
        }
        List<String> troubles = new ArrayList<>();
        if (job.trialsFailed() > 0) {
            troubles.add(job.trialsFailed() + " failed");
        }
        if (job.trialsPruned() > 0) {
            troubles.add(job.trialsPruned() + " pruned");
        }
        if (!troubles.isEmpty()) {
            line.append(" (").append(String.join(", ", troubles)).append(')');
        }
        TrainingTrial best = job.best();
        if (best != null && best.mean() != null) {
            line.append("  best ").append(metricName(job)).append(' ').append(number(best.mean()));
        }
        line.append("  elapsed ").append(duration(job.elapsedSeconds()));
        if (job.etaSeconds() != null && !job.isFinished()) {
            line.append("  ETA ").append(duration(job.etaSeconds()));
        }
        return line.toString();
    }

    /** The leaderboard as table rows: rank (completed trials only), trial, algorithm, mean, std, status, seconds, params. */
    static List<String> leaderboardHeaders(TrainingJob job) {
        return List.of("RANK", "TRIAL", "ALGORITHM", metricName(job).toUpperCase(Locale.ROOT), "STD", "STATUS", "SECONDS",
                "PARAMS");
    }

    static List<List<String>> leaderboardRows(List<TrainingTrial> trials) {
        List<List<String>> rows = new ArrayList<>();
        int rank = 0;
        for (TrainingTrial t : trials) {
            String rankCell = t.isCompleted() ? String.valueOf(++rank) : "-";
            rows.add(List.of(rankCell, String.valueOf(t.number()), text(t.algorithm()),
                    t.mean() == null ? "-" : number(t.mean()), std(t.folds()), text(t.status()),
                    String.format(Locale.ROOT, "%.1f", t.seconds()), params(t.params(), PARAMS_WIDTH)));
        }
        return rows;
    }

    /** Prints the final report of a job: leaderboard, failed trials, best trial, runs and registered model. */
    static void print(Output output, TrainingJob job) {
        if (!job.leaderboard().isEmpty()) {
            output.table(leaderboardHeaders(job), leaderboardRows(job.leaderboard()));
            for (TrainingTrial t : job.leaderboard()) {
                if ("failed".equals(t.status()) && !t.reason().isBlank()) {
                    output.line("Trial " + t.number() + " (" + text(t.algorithm()) + ") failed: " + Main.oneLine(t.reason()));
                }
            }
            output.line("");
        }
        output.line(summary(job));
        if (job.error() != null && job.error().message() != null) {
            output.line("Error: " + Main.oneLine(job.error().message()));
        }
        TrainingTrial best = job.best();
        if (best != null && best.mean() != null) {
            output.line("Best: trial " + best.number() + " " + text(best.algorithm()) + ", " + metricName(job) + " "
                    + number(best.mean()) + (best.folds().size() > 1 ? " ± " + std(best.folds()) : "")
                    + " (" + params(best.params(), Integer.MAX_VALUE) + ")");
        }
        if (job.parentRunId() != null) {
            output.line("Parent run: " + job.parentRunId() + (job.experimentId() == null ? ""
                    : " in experiment " + job.experimentId()) + " (trials are its child runs)");
        } else if (job.experimentId() != null) {
            output.line("Experiment: " + job.experimentId());
        }
        RegisteredVersion registered = job.registeredModel();
        if (registered != null) {
            output.line("Registered: " + registered.name() + " version " + registered.version()
                    + (registered.source() == null ? "" : " from " + registered.source()));
        }
    }

    /** {@code Training job 7 succeeded on passengers-train@1: 12 trials in 1:45.} */
    static String summary(TrainingJob job) {
        int n = job.trialsFinished();
        return "Training job " + job.jobId() + " " + text(job.status()) + (job.data() == null ? "" : " on " + job.data())
                + ": " + n + (n == 1 ? " trial" : " trials") + " in " + duration(job.elapsedSeconds()) + ".";
    }

    static String metricName(TrainingJob job) {
        return job.metric() == null || job.metric().isBlank() ? "metric" : job.metric();
    }

    /** The sample standard deviation of the fold scores, {@code -} with fewer than two. */
    static String std(List<Double> folds) {
        if (folds.size() < 2) {
            return "-";
        }
        double mean = folds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sum = 0;
        for (double f : folds) {
            sum += (f - mean) * (f - mean);
        }
        return number(Math.sqrt(sum / (folds.size() - 1)));
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** {@code n_trees=120, max_depth=8}: values short, the whole cut at {@code width} characters with an ellipsis. */
    static String params(Map<String, Object> params, int width) {
        if (params == null || params.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        params.forEach((name, value) -> parts.add(name + "=" + value(value)));
        String all = String.join(", ", parts);
        return all.length() <= width ? all : all.substring(0, Math.max(0, width - 1)) + "…";
    }

    private static String value(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.valueOf((long) d);
            }
            if (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e6) {
                String s = String.format(Locale.ROOT, Math.abs(d) >= 1 ? "%.2f" : "%.3g", d);
                return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
            }
            return String.format(Locale.ROOT, "%.2e", d);
        }
        return String.valueOf(value);
    }

    /** {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
