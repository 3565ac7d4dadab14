/**
 * Stage 5 of the lifecycle: the checkpoint that decides whether a model may go to production. Metrics on the
 * sealed test split with bootstrap intervals, the overfitting gap, bias across the charter's sensitive groups,
 * slices, explanations, gates and the model card.
 *
 * <p>Entry point: {@link dev.gyre.validation.ModelValidator#validate(dev.gyre.validation.ValidationRequest)} returns a
 * {@link dev.gyre.validation.ValidationReport}, written as JSON by {@link dev.gyre.validation.ReportJson}.
 */
package dev.gyre.validation;
