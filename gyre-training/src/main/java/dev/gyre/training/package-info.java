/**
 * Stage 4 of the lifecycle, build and tune: trainers behind one small interface, hyperparameter search, and
 * every trial a tracked run.
 */
package dev.gyre.training;
