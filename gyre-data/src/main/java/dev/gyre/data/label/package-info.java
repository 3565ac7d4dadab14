/**
 * Labelling by domain experts: {@link dev.gyre.data.label.LabelService} runs labelling tasks over the rows of a
 * dataset version — subject-matter experts label, a second person reviews, and the final labels become a
 * column of a new version ({@link dev.gyre.data.label.LabelService#applyLabels}). How well annotators agree is
 * measured by {@link dev.gyre.data.label.Agreement}: percent agreement, Cohen's and Fleiss' kappa.
 */
package dev.gyre.data.label;
