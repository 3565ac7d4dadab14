package dev.gyre.data.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of running an {@link ExpectationSuite} over a dataset: one {@link ExpectationResult} per
 * expectation, in suite order. It succeeds when every expectation does.
 *
 * @param suiteName the suite's name
 * @param rowCount  the number of rows validated
 * @param results   one result per expectation
 */
public record ValidationReport(String suiteName, long rowCount, List<ExpectationResult> results) {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ValidationReport {
        Objects.requireNonNull(suiteName, "suiteName");
        results = List.copyOf(results);
    }

    /** Whether every expectation passed. */
    public boolean success() {
        return results.stream().allMatch(ExpectationResult::success);
    }

    /** How many expectations passed. */
    public long successful() {
        return results.stream().filter(ExpectationResult::success).count();
    }

    /** How many expectations failed. */
    public long failed() {
        return results.size() - successful();
    }

    /**
     * The report as pretty-printed JSON: {@code suite}, {@code success}, {@code rowCount}, {@code statistics}
     * ({@code evaluated}, {@code successful}, {@code failed}) and {@code results}, each with the expectation's
     * parameters as written in the suite and the fields of {@link ExpectationResult}.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("suite", suiteName);
        root.put("success", success());
        root.put("rowCount", rowCount);
        root.putObject("statistics").put("evaluated", results.size()).put("successful", successful())
                .put("failed", failed());
        ArrayNode list = root.putArray("results");
        for (ExpectationResult r : results) {
            ObjectNode node = list.addObject();
            node.set("expectation", JSON.valueToTree(r.expectation().parameters()));
            node.put("success", r.success());
            node.put("elementCount", r.elementCount());
            node.put("missingCount", r.missingCount());
            node.put("unexpectedCount", r.unexpectedCount());
            node.put("unexpectedPercent", r.unexpectedPercent());
            node.set("observedValue", JSON.valueToTree(r.observedValue()));
            node.put("reason", r.reason());
            ArrayNode examples = node.putArray("examples");
            r.examples().forEach(e -> examples.addObject().put("row", e.row()).put("value", e.value()));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write the validation report as JSON.", e);
        }
    }

    /**
     * The report as one self-contained HTML page (inline CSS, no scripts or external resources): a summary and
     * a table with a green or red status per expectation. Every data value, name and message is HTML-escaped.
     */
    public String toHtml() {
        return ReportHtml.render(this);
    }
}
