package dev.gyre.data.label;

import java.util.List;

/**
 * A page of an annotator's items: those they have not labelled first, then those they have, each by row index.
 *
 * @param items      this page
 * @param offset     the position of the page's first item in the whole list
 * @param total      how many items the whole list holds
 * @param unlabelled how many of those this annotator has not labelled yet
 */
public record LabelItemPage(List<LabelItem> items, int offset, int total, int unlabelled) {
    public LabelItemPage {
        items = List.copyOf(items);
    }
}
