/**
 * Splitting a table into train, validation and test rows: {@link dev.gyre.data.split.Splitter} with a
 * {@link dev.gyre.data.split.SplitSpec} (random, stratified by a target, or by time), returning row indexes per
 * split and a {@link dev.gyre.data.split.SplitSummary} to record with them. Splits are deterministic for a seed,
 * disjoint and cover every row; the rounding rules are on {@link dev.gyre.data.split.Splitter}.
 */
package dev.gyre.data.split;
