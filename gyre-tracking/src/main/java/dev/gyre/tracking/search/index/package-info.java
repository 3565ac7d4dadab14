/**
 * An in-memory search index for runs: per experiment, a columnar snapshot of what run search reads
 * (run attributes, latest metric values with their NaN flags, params and tags), loaded from the
 * database on the first search of the experiment and then kept current by the tracking service's own
 * writes, applied after they commit.
 *
 * <p>{@link dev.gyre.tracking.search.index.SearchIndex} answers a search with the ids of one page of
 * runs, in the order and with the paging the SQL search would give, evaluating the same parsed filter
 * and order-by; the caller then loads those runs from the database as before. Whatever the index
 * cannot answer exactly (an experiment over the size cap, a string ordering whose collation it cannot
 * reproduce, a {@code LIKE} pattern with an escape character, …) it declines, and the caller falls back
 * to SQL.
 *
 * <p>The index sees only the writes of its own process. It is correct for a single platform process
 * writing the database, and must be turned off ({@code search_index: false}) when several replicas
 * write the same database.
 */
package dev.gyre.tracking.search.index;
