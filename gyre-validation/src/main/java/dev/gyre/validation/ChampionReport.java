package dev.gyre.validation;

import dev.gyre.validation.metrics.MetricValue;
import java.util.List;

/**
 * The candidate against the production model on the same test table.
 *
 * @param status        passed, failed, or not applicable when no champion was given
 * @param reason        why not applicable; {@code null} otherwise
 * @param championLabel the champion's label, e.g. {@code titanic@production (version 3)}
 * @param championAlgorithm the champion's algorithm
 * @param checks        one per metric with a threshold
 */
public record ChampionReport(GateStatus status, String reason, String championLabel, String championAlgorithm,
                             List<Check> checks) {

    public ChampionReport {
        checks = List.copyOf(checks);
    }

    /** No champion: nothing to compare. */
    static ChampionReport notApplicable(String reason) {
        return new ChampionReport(GateStatus.NOT_APPLICABLE, reason, null, null, List.of());
    }

    /**
     * One metric compared.
     *
     * @param metric    the metric name
     * @param candidate the candidate's value
     * @param champion  the champion's value
     * @param threshold the criteria applied
     * @param passed    whether every criterion holds
     * @param failures  one sentence per failed criterion, with the figures
     */
    public record Check(String metric, MetricValue candidate, MetricValue champion, MetricThreshold threshold,
                        boolean passed, List<String> failures) {
        public Check {
            failures = List.copyOf(failures);
        }
    }
}
