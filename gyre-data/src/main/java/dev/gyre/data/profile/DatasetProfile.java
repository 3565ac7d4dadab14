package dev.gyre.data.profile;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profile of a dataset: its row count and one {@link ColumnProfile} per column, in schema order.
 *
 * <p>Profiles are mergeable: {@code profile(a).merge(profile(b))} equals {@code profile(a ∪ b)} for the
 * counts, extremes, moments (up to floating point) and exact value counts, and agrees within the sketches'
 * error bounds for quantiles, histograms, distinct counts and estimated value counts. So a profile can be
 * built per chunk, per window or per replica and combined later, also after a round trip through
 * {@link #toJson()} and {@link #fromJson(String)}, which keep the sketches.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class DatasetProfile {
    private final long rowCount;
    private final Map<String, ColumnProfile> columns;

    DatasetProfile(long rowCount, List<ColumnProfile> columns) {
        this.rowCount = rowCount;
        Map<String, ColumnProfile> byName = new LinkedHashMap<>();
        for (ColumnProfile column : columns) {
            byName.put(column.name(), column);
        }
        this.columns = byName;
    }

    /** The number of rows profiled. */
    public long rowCount() {
        return rowCount;
    }

    /** The names and types of the columns, in order. */
    public Schema schema() {
        List<Field> fields = new ArrayList<>();
        columns.values().forEach(c -> fields.add(c.field()));
        return new Schema(fields);
    }

    /** The column profiles, in schema order. */
    public List<ColumnProfile> columns() {
        return List.copyOf(columns.values());
    }

    /** The profile of the named column, if there is one. */
    public Optional<ColumnProfile> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /**
     * The profile of this data followed by {@code other}'s. Columns are matched by name; the result keeps
     * this profile's column order.
     *
     * @throws GyreException.InvalidArgument when the two profiles do not have the same column names and types
     */
    public DatasetProfile merge(DatasetProfile other) {
        if (!columns.keySet().equals(other.columns.keySet())) {
            List<String> onlyHere = new ArrayList<>(columns.keySet());
            onlyHere.removeAll(other.columns.keySet());
            List<String> onlyThere = new ArrayList<>(other.columns.keySet());
            onlyThere.removeAll(columns.keySet());
            throw new GyreException.InvalidArgument("Cannot merge profiles of different columns (only in the first: "
                    + onlyHere + ", only in the second: " + onlyThere + "): merge profiles of data with the same schema.");
        }
        List<ColumnProfile> merged = new ArrayList<>(columns.size());
        for (ColumnProfile column : columns.values()) {
            merged.add(column.merge(other.columns.get(column.name())));
        }
        return new DatasetProfile(rowCount + other.rowCount, merged);
    }

    /**
     * The complete profile as compact JSON, sketches included, for storing and for merging or diffing later with
     * {@link #fromJson(String)}: {@code {"format": "gyre.profile", "version": 1, "rowCount", "columns": [...]}},
     * each column with its counts, its HyperLogLog sketch ({@code hll}), and per type the moments and KLL sketch
     * ({@code numeric}), the value counts ({@code values}: exact counts, or a frequent-items {@code sketch}), text
     * lengths, true count or time range. Sketches are base64 of their DataSketches serialization; NaN is written
     * as null and infinities as the strings {@code "Infinity"} and {@code "-Infinity"}.
     */
    public String toJson() {
        return ProfileJson.write(this);
    }

    /**
     * A profile stored with {@link #toJson()}.
     *
     * @throws GyreException.InvalidArgument when the text is not such a profile, naming what is wrong
     */
    public static DatasetProfile fromJson(String json) {
        return ProfileJson.read(json);
    }

    /**
     * The complete profile in a compact, versioned binary form (format version {@value ProfileBinary#VERSION}),
     * holding the same statistics and sketches as {@link #toJson()} without base64 and field names: the magic
     * bytes {@code GYPF}, a version, the row count, then per column its name, type, counts, HyperLogLog bytes
     * and per type the moments and KLL bytes, text lengths, true count, time range and value counts (exact
     * counts or the frequent-items sketch bytes). Read it back with {@link #fromBytes(byte[])}.
     */
    public byte[] toBytes() {
        return ProfileBinary.write(this);
    }

    /**
     * A profile stored with {@link #toBytes()}. The bytes may come from anywhere: the magic and version are
     * checked, every length is checked against the bytes that remain, the sketches are read by DataSketches
     * (never by Java deserialisation), and the counts are checked against the sketches.
     *
     * @throws GyreException.InvalidArgument when the bytes are not such a profile, naming what is wrong
     */
    public static DatasetProfile fromBytes(byte[] bytes) {
        return ProfileBinary.read(bytes);
    }

    /**
     * A JSON summary for people and reports: the statistics without the sketches — quantiles p1 to p99, a
     * {@value NumericSummary#DEFAULT_BINS}-bin histogram, and the top {@code topValues} values per column.
     * It cannot be read back as a profile.
     */
    public String toSummaryJson(int topValues) {
        return ProfileJson.summary(this, topValues);
    }

    /** {@link #toSummaryJson(int)} with the top 10 values. */
    public String toSummaryJson() {
        return toSummaryJson(10);
    }

    @Override
    public String toString() {
        return "DatasetProfile[" + rowCount + " rows, columns " + columns.keySet() + "]";
    }
}
