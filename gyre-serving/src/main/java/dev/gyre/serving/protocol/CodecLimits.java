package dev.gyre.serving.protocol;

/**
 * The bounds every decoder enforces before and while it reads a request. A request beyond any of them is
 * refused with {@link dev.gyre.core.GyreException.InvalidArgument} whose message names the limit and its value.
 *
 * @param maxBodyBytes    largest accepted request body, in bytes
 * @param maxRecords      most records (rows) one request may carry
 * @param maxColumns      most columns (named inputs) one record may carry
 * @param maxDepth        deepest JSON nesting (objects and arrays) accepted
 * @param maxStringLength longest JSON string, JSON field name or CSV field, in characters
 */
public record CodecLimits(long maxBodyBytes, int maxRecords, int maxColumns, int maxDepth, int maxStringLength) {

    /** 10 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** 10 000 records. */
    public static final int DEFAULT_MAX_RECORDS = 10_000;
    /** 2 000 columns. */
    public static final int DEFAULT_MAX_COLUMNS = 2_000;
    /** 32 levels. */
    public static final int DEFAULT_MAX_DEPTH = 32;
    /** 100 000 characters. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 100_000;

    /** Checks every bound is positive (the depth between 4, the least any protocol needs, and 1 000). */
    public CodecLimits {
        if (maxBodyBytes < 1 || maxRecords < 1 || maxColumns < 1 || maxStringLength < 1) {
            throw new IllegalArgumentException("codec limits must be positive");
        }
        if (maxDepth < 4 || maxDepth > 1_000) {
            throw new IllegalArgumentException("maxDepth must be between 4 and 1000, was " + maxDepth);
        }
    }

    /** The defaults: 10 MiB, 10 000 records, 2 000 columns, depth 32, strings of 100 000 characters. */
    public static CodecLimits defaults() {
        return new CodecLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_DEPTH,
                DEFAULT_MAX_STRING_LENGTH);
    }
}
