/**
 * Fairness of binary predictions across the groups of one or several sensitive attributes: a per-group metric
 * table with overall, min, max, difference and ratio, demographic parity, equalised odds, equal opportunity and
 * the disparate-impact ratio against a named privileged group, with bootstrap intervals.
 */
package dev.gyre.validation.fairness;
