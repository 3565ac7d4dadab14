/**
 * A small immutable columnar table: the in-memory shape of data that every later stage reads (features,
 * training, validation, serving's batch scoring). Columns are typed — numeric, categorical with a
 * dictionary, boolean, text, timestamp — and a missing value is explicit in every column type, never a
 * sentinel such as NaN or an empty string.
 */
package dev.gyre.core.table;
