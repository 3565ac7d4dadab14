/**
 * Stage 1 of the lifecycle: the project charter. It states the problem, the target column, the
 * success metric with its threshold, the sensitive attributes and fairness policy, monitoring defaults
 * and who may promote a model. Later stages read it to decide whether a model is good enough.
 */
package dev.gyre.core.charter;
