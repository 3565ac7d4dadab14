package dev.gyre.data.label;

import dev.gyre.core.GyreException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * What {@link LabelService#createTask} needs to create a task. Build one with {@link #forRowCount} (rows 0 to
 * n-1 of the version) or {@link #forRows} (explicit rows), then the {@code with...} methods. Every value is
 * checked on construction.
 *
 * @param name              1 to {@value #MAX_NAME_LENGTH} characters, unique within the project
 * @param versionId         the dataset version whose rows are labelled
 * @param labelColumn       the column the final labels will become, 1 to 255 characters
 * @param allowedLabels     2 to {@value #MAX_LABELS} distinct labels, each 1 to {@value #MAX_LABEL_LENGTH}
 *                          characters
 * @param instructions      guidance for annotators, up to 20 000 characters, or {@code null}
 * @param annotatorsPerItem 1 to {@value #MAX_ANNOTATORS_PER_ITEM}
 * @param rows              distinct row indexes (0 or more), 1 to {@value #MAX_ITEMS} of them; stored ascending
 * @param predictions       row index → the model's suggestion, for some of {@code rows} (may be empty)
 */
public record NewLabelTask(String name, long versionId, String labelColumn, List<String> allowedLabels,
                           String instructions, int annotatorsPerItem, List<Integer> rows,
                           Map<Integer, Prediction> predictions) {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_LABELS = 1000;
    public static final int MAX_LABEL_LENGTH = 200;
    public static final int MAX_INSTRUCTIONS_LENGTH = 20_000;
    public static final int MAX_ANNOTATORS_PER_ITEM = 20;
    public static final int MAX_ITEMS = 1_000_000;

    /**
     * @throws GyreException.InvalidArgument naming the value at fault and what is accepted
     */
    public NewLabelTask {
        name = text("name", name, MAX_NAME_LENGTH);
        if (versionId <= 0) {
            throw invalid("version_id must be the id of a dataset version, got " + versionId + ".");
        }
        labelColumn = text("label_column", labelColumn, 255);
        if (allowedLabels == null || allowedLabels.size() < 2 || allowedLabels.size() > MAX_LABELS) {
            throw invalid("allowed_labels must list 2 to " + MAX_LABELS + " labels, got "
                    + (allowedLabels == null ? "none" : allowedLabels.size()) + ".");
        }
        Set<String> seen = new HashSet<>();
        for (String label : allowedLabels) {
            text("each allowed label", label, MAX_LABEL_LENGTH);
            if (!label.equals(label.strip())) {
                throw invalid("the allowed label '" + label + "' starts or ends with white space; remove it.");
            }
            if (label.chars().anyMatch(Character::isISOControl)) {
                throw invalid("the allowed label '" + label.strip() + "' contains a control character (such as a"
                        + " line break or tab); use printable characters only.");
            }
            if (!seen.add(label)) {
                throw invalid("allowed_labels lists '" + label + "' twice; list each label once.");
            }
        }
        allowedLabels = List.copyOf(allowedLabels);
        if (instructions != null && instructions.isBlank()) {
            instructions = null;
        }
        if (instructions != null && instructions.length() > MAX_INSTRUCTIONS_LENGTH) {
            throw invalid("instructions are " + instructions.length() + " characters long; shorten them to at most "
                    + MAX_INSTRUCTIONS_LENGTH + ".");
        }
        if (annotatorsPerItem < 1 || annotatorsPerItem > MAX_ANNOTATORS_PER_ITEM) {
            throw invalid("annotators_per_item must be between 1 and " + MAX_ANNOTATORS_PER_ITEM + ", got "
                    + annotatorsPerItem + ".");
        }
        if (rows == null || rows.isEmpty() || rows.size() > MAX_ITEMS) {
            throw invalid("a task needs 1 to " + MAX_ITEMS + " rows, got " + (rows == null ? 0 : rows.size())
                    + "; split a larger version into several tasks.");
        }
        Set<Integer> distinct = new HashSet<>();
        for (Integer row : rows) {
            if (row == null || row < 0) {
                throw invalid("row indexes start at 0, got " + row + ".");
            }
            if (!distinct.add(row)) {
                throw invalid("row " + row + " is listed twice; list each row once.");
            }
        }
        rows = rows.stream().sorted().toList();
        predictions = predictions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(predictions));
        for (Map.Entry<Integer, Prediction> entry : predictions.entrySet()) {
            if (!distinct.contains(entry.getKey())) {
                throw invalid("there is a prediction for row " + entry.getKey() + ", which is not one of the task's"
                        + " rows.");
            }
            if (!seen.contains(entry.getValue().label())) {
                throw invalid("the prediction for row " + entry.getKey() + " is '" + entry.getValue().label()
                        + "', which is not an allowed label " + allowedLabels + ".");
            }
        }
    }

    /** A task over rows 0 to {@code rowCount - 1}, one annotator per item, no instructions or predictions. */
    public static NewLabelTask forRowCount(String name, long versionId, String labelColumn, List<String> allowedLabels,
                                           int rowCount) {
        if (rowCount < 1 || rowCount > MAX_ITEMS) {
            throw invalid("a task needs 1 to " + MAX_ITEMS + " rows, got a row count of " + rowCount + ".");
        }
        return forRows(name, versionId, labelColumn, allowedLabels, IntStream.range(0, rowCount).boxed().toList());
    }

    /** A task over the given rows, one annotator per item, no instructions or predictions. */
    public static NewLabelTask forRows(String name, long versionId, String labelColumn, List<String> allowedLabels,
                                       List<Integer> rows) {
        return new NewLabelTask(name, versionId, labelColumn, allowedLabels, null, 1, rows, Map.of());
    }

    /** The same task with these instructions. */
    public NewLabelTask withInstructions(String text) {
        return new NewLabelTask(name, versionId, labelColumn, allowedLabels, text, annotatorsPerItem, rows,
                predictions);
    }

    /** The same task asking for {@code count} annotators per item. */
    public NewLabelTask withAnnotatorsPerItem(int count) {
        return new NewLabelTask(name, versionId, labelColumn, allowedLabels, instructions, count, rows, predictions);
    }

    /** The same task with these model predictions (row index → suggestion). */
    public NewLabelTask withPredictions(Map<Integer, Prediction> byRow) {
        return new NewLabelTask(name, versionId, labelColumn, allowedLabels, instructions, annotatorsPerItem, rows,
                byRow);
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " must not be empty.");
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw invalid(field + " is " + stripped.length() + " characters long; at most " + max + " are accepted.");
        }
        return stripped;
    }

    private static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument("Invalid label task: " + message);
    }
}
