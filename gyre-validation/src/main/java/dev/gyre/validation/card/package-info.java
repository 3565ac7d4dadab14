/**
 * The model card: one document, in Markdown and in self-contained HTML (inline styles and SVG charts, nothing
 * fetched), that tells a reviewer what a model version is for, what it was trained on, how it did on the sealed
 * test split, where it is unfair or weak, which gates it passed, and its limitations — all from the validation
 * report and the version's lineage.
 */
package dev.gyre.validation.card;
