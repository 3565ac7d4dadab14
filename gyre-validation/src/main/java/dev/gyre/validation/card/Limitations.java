package dev.gyre.validation.card;

import dev.gyre.validation.FairnessReport;
import dev.gyre.validation.GateResult;
import dev.gyre.validation.GateStatus;
import dev.gyre.validation.HoldoutReport;
import dev.gyre.validation.SliceReport;
import dev.gyre.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;

/** The limitations a model card lists, derived from the report so they cannot be forgotten. */
final class Limitations {

    private Limitations() {
    }

    static List<String> of(ValidationReport report) {
        List<String> out = new ArrayList<>();
        for (GateResult gate : report.gates()) {
            if (gate.status() == GateStatus.FAILED) {
                out.add("Gate " + gate.name() + " failed" + (gate.blocking() ? "" : " (report only)") + ": "
                        + (gate.message() == null ? "" : gate.message()));
            }
        }
        for (FairnessReport.AttributeFairness entry : report.fairness().entries()) {
            String on = String.join(" × ", entry.attributes());
            if (entry.notApplicable() != null) {
                out.add("Fairness by " + on + " could not be measured: " + entry.notApplicable());
            } else if (!entry.smallGroups().isEmpty()) {
                out.add("Groups too small to judge reliably (by " + on + "): " + String.join(", ", entry.smallGroups()) + ".");
            }
        }
        SliceReport slices = report.slices();
        if (!slices.worst().isEmpty() && slices.overall().isApplicable()) {
            SliceReport.Slice worst = slices.worst().get(0);
            if (worst.value().isApplicable() && worst.metric().equals(slices.metric())) {
                out.add("Weakest slice: " + worst.column() + " = " + worst.slice() + " (" + worst.rows() + " rows), "
                        + worst.metric() + " " + ModelCard.num(worst.value().get()) + " against "
                        + ModelCard.num(slices.overall().get()) + " overall.");
            }
        }
        for (HoldoutReport.NamedMetric m : report.holdout().metrics()) {
            if (!m.value().isApplicable()) {
                out.add("Metric " + m.name() + " is not applicable: " + m.value().reason());
            }
        }
        if (report.importance() == null || report.importance().isEmpty()) {
            out.add("Feature importance was not computed.");
        }
        out.add("Figures describe the " + report.subject().testRows() + " rows of the test split; data that drifts"
                + " away from the training data (see monitoring) can make the model worse than shown here.");
        return out;
    }
}
