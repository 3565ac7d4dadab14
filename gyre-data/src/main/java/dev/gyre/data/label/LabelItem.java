package dev.gyre.data.label;

/**
 * One item as an annotator sees it.
 *
 * @param rowIndex   the row of the dataset version
 * @param prediction the model's suggestion, or {@code null}
 * @param yourLabel  the label this annotator gave, or {@code null} when they have not labelled it
 * @param settled    whether a review has given the item its final label (labels can no longer change)
 */
public record LabelItem(int rowIndex, Prediction prediction, String yourLabel, boolean settled) {
}
