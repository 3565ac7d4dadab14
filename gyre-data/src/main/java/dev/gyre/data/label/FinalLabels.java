package dev.gyre.data.label;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Table;
import dev.gyre.data.label.LabelStore.Label;
import dev.gyre.data.label.LabelStore.ReviewRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The rules that turn labels and reviews into final labels and agreement figures (see {@link LabelService}). */
final class FinalLabels {

    private FinalLabels() {
    }

    /** Row → final label: the review's label, else a strict majority of at least {@code needed} labels. */
    static Map<Integer, String> decide(List<Label> labels, List<ReviewRow> reviews, int needed) {
        Map<Integer, List<Label>> byRow = LabelStore.byRow(labels);
        Map<Integer, ReviewRow> reviewed = new TreeMap<>();
        for (ReviewRow review : reviews) {
            reviewed.put(review.rowIndex(), review);
        }
        Map<Integer, String> out = new TreeMap<>();
        for (Map.Entry<Integer, List<Label>> entry : byRow.entrySet()) {
            ReviewRow review = reviewed.get(entry.getKey());
            if (review != null) {
                if (review.finalLabel() != null) {
                    out.put(entry.getKey(), review.finalLabel());
                }
                continue;
            }
            List<String> given = entry.getValue().stream().map(Label::label).toList();
            if (given.size() >= needed) {
                majority(given).ifPresent(label -> out.put(entry.getKey(), label));
            }
        }
        return out;
    }

    /** The label more than half of {@code given} agree on. */
    static Optional<String> majority(List<String> given) {
        Map<String, Integer> counts = counts(given);
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() * 2 > given.size()) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /** The most frequent label, when no other is as frequent. */
    static Optional<String> plurality(List<String> given) {
        Map<String, Integer> counts = counts(given);
        String best = null;
        int bestCount = 0;
        boolean tied = false;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > bestCount) {
                best = entry.getKey();
                bestCount = entry.getValue();
                tied = false;
            } else if (entry.getValue() == bestCount) {
                tied = true;
            }
        }
        return tied ? Optional.empty() : Optional.ofNullable(best);
    }

    /** Agreement over a task's labels: one item per labelled row, one rater per annotator. */
    static AgreementReport agreement(List<Label> labels) {
        Map<Integer, List<Label>> byRow = LabelStore.byRow(labels);
        TreeSet<String> annotators = new TreeSet<>();
        labels.forEach(l -> annotators.add(l.annotator()));
        List<List<String>> items = new ArrayList<>();
        for (List<Label> row : byRow.values()) {
            items.add(row.stream().map(Label::label).toList());
        }
        int counted = (int) items.stream().filter(item -> item.size() >= 2).count();
        Double cohen = null;
        if (annotators.size() == 2) {
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            for (List<Label> row : byRow.values()) {
                first.add(labelOf(row, annotators.first()));
                second.add(labelOf(row, annotators.last()));
            }
            cohen = defined(Agreement.cohensKappa(first, second));
        }
        return new AgreementReport(counted, List.copyOf(annotators), defined(Agreement.percentAgreement(items)), cohen,
                defined(Agreement.fleissKappa(items)));
    }

    static Table apply(Table table, Map<Integer, String> labels, String columnName) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(labels, "labels");
        if (columnName == null || columnName.isBlank()) {
            throw new GyreException.InvalidArgument("Name the label column: the column name must not be empty.");
        }
        if (table.hasColumn(columnName)) {
            throw new GyreException.InvalidArgument("The table already has a column '" + columnName + "'; choose"
                    + " another label column name, or drop that column first.");
        }
        String[] values = new String[table.rowCount()];
        for (Map.Entry<Integer, String> entry : labels.entrySet()) {
            int row = entry.getKey();
            if (row < 0 || row >= values.length) {
                throw new GyreException.InvalidArgument("There is a label for row " + row + ", but the table has "
                        + values.length + " rows; apply the labels to the dataset version the task was created on.");
            }
            values[row] = entry.getValue();
        }
        return table.with(CategoricalColumn.of(columnName, values));
    }

    private static String labelOf(List<Label> row, String annotator) {
        return row.stream().filter(l -> l.annotator().equals(annotator)).map(Label::label).findFirst().orElse(null);
    }

    private static Double defined(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Map<String, Integer> counts(List<String> given) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String label : given) {
            counts.merge(label, 1, Integer::sum);
        }
        return counts;
    }
}
