package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A labelling task to create: rows of a data version for domain experts to label.
 *
 * @param name              unique within the project
 * @param dataset           the version whose rows are labelled, e.g. {@code tickets@3}
 * @param labelColumn       the column the final labels become when the task is finished
 * @param labels            the labels annotators choose from, in the order shown
 * @param rows              the row indexes to label (from 0); {@code null} for all rows
 * @param annotatorsPerItem how many annotators label each row; {@code null} for 1
 * @param instructions      guidance for annotators, or {@code null}
 * @param predictions       a model's suggestion per row index, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewLabelTask(
        @JsonProperty("name") String name,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("label_column") String labelColumn,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("rows") List<Integer> rows,
        @JsonProperty("annotators_per_item") Integer annotatorsPerItem,
        @JsonProperty("instructions") String instructions,
        @JsonProperty("predictions") Map<String, Prediction> predictions) {

    public NewLabelTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(labelColumn, "labelColumn");
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
    }

    /**
     * A model's suggestion for one row.
     *
     * @param label the suggested label
     * @param score the model's confidence, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prediction(
            @JsonProperty("label") String label,
            @JsonProperty("score") Double score) {
    }
}
