/**
 * The machinery behind {@link dev.gyre.features}: the YAML tree with line numbers, the arithmetic
 * expression language, the compiled row program that both the batch and the single-row transform run,
 * the fitter that learns its statistics, and its JSON form. Nothing here is a stable API; use the types
 * of {@code dev.gyre.features}.
 */
package dev.gyre.features.internal;
