package dev.gyre.core.charter;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Starting values for monitoring a deployed model of the project; monitors may override them.
 *
 * @param driftPValue       a feature drifts when its test's p-value is below this, in (0, 1); default 0.05
 * @param distanceThreshold a feature drifts when its distance (e.g. Wasserstein, Jensen-Shannon) exceeds this,
 *                          &gt; 0; default 0.1
 * @param datasetDriftShare the dataset drifts when at least this share of its features drift, in (0, 1];
 *                          default 0.5
 * @param alertTargets      where alerts go (e-mail addresses, webhook URLs, channel names), distinct, never
 *                          {@code null}
 */
public record MonitoringDefaults(double driftPValue, double distanceThreshold, double datasetDriftShare,
                                 List<String> alertTargets) {

    /** The defaults used when a charter says nothing about monitoring. */
    public static final MonitoringDefaults DEFAULTS = new MonitoringDefaults(0.05, 0.1, 0.5, List.of());

    public MonitoringDefaults {
        Checks.finite("drift p-value threshold", driftPValue);
        if (driftPValue <= 0 || driftPValue >= 1) {
            throw Checks.invalid("drift p-value threshold must be between 0 and 1 (exclusive), got "
                    + Checks.number(driftPValue) + "; 0.05 is usual");
        }
        Checks.finite("drift distance threshold", distanceThreshold);
        if (distanceThreshold <= 0) {
            throw Checks.invalid("drift distance threshold must be greater than 0, got " + Checks.number(distanceThreshold));
        }
        Checks.finite("dataset drift share", datasetDriftShare);
        if (datasetDriftShare <= 0 || datasetDriftShare > 1) {
            throw Checks.invalid("dataset drift share must be greater than 0 and at most 1, got "
                    + Checks.number(datasetDriftShare));
        }
        LinkedHashSet<String> targets = new LinkedHashSet<>();
        for (String target : alertTargets == null ? List.<String>of() : alertTargets) {
            if (target == null || target.isBlank()) {
                throw Checks.invalid("alert targets must not be empty");
            }
            if (!targets.add(target.strip())) {
                throw Checks.invalid("alert target '" + target.strip() + "' is listed twice");
            }
        }
        alertTargets = List.copyOf(targets);
    }
}
