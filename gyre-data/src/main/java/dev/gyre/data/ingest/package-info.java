/**
 * Ingest: reading CSV, JSON lines, Parquet and SQL query results as typed {@link dev.gyre.core.table.Table}
 * chunks through {@link dev.gyre.data.TableStream}.
 *
 * <p>{@link dev.gyre.data.ingest.Sources} picks a reader by {@link dev.gyre.data.ingest.IngestFormat} or file
 * extension; every reader takes {@link dev.gyre.data.ingest.IngestOptions}. Text formats are typed by
 * {@link dev.gyre.data.ingest.SchemaInference} over a sample of rows, using the value rules of
 * {@link dev.gyre.data.ingest.TextValues}; typed formats take their types from the source and infer only
 * categorical versus text. {@link dev.gyre.data.ingest.CsvWriter} writes any stream back as CSV, which is how
 * {@link dev.gyre.data.ingest.JdbcQuerySource} materialises a query as a versionable file.
 *
 * <p><b>Bounded memory.</b> Every reader holds at most the sample ({@code sampleRows} rows), one chunk
 * ({@code chunkRows} rows, built in growing arrays; categorical dictionaries are per chunk) and its input
 * buffers: {@link dev.gyre.data.ingest.CsvReader} decodes through fixed 64 KiB byte and character buffers
 * and limits each field to {@code maxFieldBytes}; JSON lines uses Jackson's streaming parser with the same
 * limit on strings; Parquet is streamed out of DuckDB rather than materialised; JDBC results are fetched in
 * batches. A file of any size is therefore read in memory proportional to {@code sampleRows + chunkRows}
 * rows, never to the file.
 *
 * <p><b>Errors.</b> Malformed input stops a stream with
 * {@link dev.gyre.core.GyreException.InvalidArgument}, naming the file, the line (or row) and the column, and
 * the option that fixes it ({@code --encoding}, {@code --type NAME=TYPE}, {@code --max-field-bytes}, ...). A
 * value that does not fit its column's type is never silently made missing.
 */
package dev.gyre.data.ingest;
