package dev.gyre.monitoring.profile;

import dev.gyre.core.GyreException;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Column profiles of one window of data: [start, end), the number of rows, and a {@link ColumnProfile} per
 * column. Profiles of windows or replicas merge into one ({@link #merge}); {@link #toBytes} writes a small
 * versioned binary form holding the sketches' own images, which {@link #fromBytes} reads back with every size
 * bounded and a CRC-32 over the whole. The column profiles are live: updating one updates this profile.
 */
public final class DatasetProfile {

    /** "GYPR". */
    static final int MAGIC = 0x47595052;
    static final int VERSION = 1;
    /** Most columns a profile may hold when read back. */
    public static final int MAX_COLUMNS = 100_000;
    /** Largest profile image read back. */
    public static final int MAX_BYTES = 256 * 1024 * 1024;

    private final Instant start;
    private final Instant end;
    private long rows;
    private final Map<String, ColumnProfile> columns;

    /**
     * A profile of the window [start, end) with the given column profiles (kept, not copied) and row count.
     */
    public DatasetProfile(Instant start, Instant end, long rows, Map<String, ColumnProfile> columns) {
        if (start == null || end == null || end.isBefore(start)) {
            throw new GyreException.InvalidArgument("profile window [" + start + ", " + end
                    + ") is not valid; give a start and an end not before it");
        }
        if (rows < 0) {
            throw new GyreException.InvalidArgument("row count " + rows + " is negative; count the rows profiled");
        }
        if (columns == null) {
            throw new GyreException.InvalidArgument("no column profiles given; pass a map (it may be empty)");
        }
        for (Map.Entry<String, ColumnProfile> e : columns.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new GyreException.InvalidArgument("a column profile has an empty name or is null; name every column and give its profile");
            }
        }
        this.start = start;
        this.end = end;
        this.rows = rows;
        this.columns = new LinkedHashMap<>(columns);
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    public long rows() {
        return rows;
    }

    /** Adds to the row count (call once per row profiled, or with the size of a batch). */
    public DatasetProfile addRows(long n) {
        if (n < 0) {
            throw new GyreException.InvalidArgument("cannot add " + n + " rows; the number must be ≥ 0");
        }
        rows = Math.addExact(rows, n);
        return this;
    }

    /** Column profiles by name, in the order given. */
    public Map<String, ColumnProfile> columns() {
        return Collections.unmodifiableMap(columns);
    }

    public ColumnProfile column(String name) {
        ColumnProfile c = columns.get(name);
        if (c == null) {
            throw new GyreException.InvalidArgument("the profile has no column '" + name + "'; it holds " + columns.keySet());
        }
        return c;
    }

    /**
     * Both profiles together, as a new profile: window from the earlier start to the later end, rows added,
     * columns merged by name. Both must hold the same columns with the same kinds.
     */
    public DatasetProfile merge(DatasetProfile other) {
        if (other == null) {
            throw new GyreException.InvalidArgument("no profile to merge; pass the other window's profile");
        }
        if (!columns.keySet().equals(other.columns.keySet())) {
            throw new GyreException.InvalidArgument("profiles hold different columns (" + columns.keySet() + " and "
                    + other.columns.keySet() + "); profile the same columns in every window");
        }
        Map<String, ColumnProfile> merged = new LinkedHashMap<>();
        for (Map.Entry<String, ColumnProfile> e : columns.entrySet()) {
            merged.put(e.getKey(), e.getValue().merge(other.columns.get(e.getKey())));
        }
        Instant s = start.isBefore(other.start) ? start : other.start;
        Instant t = end.isAfter(other.end) ? end : other.end;
        return new DatasetProfile(s, t, Math.addExact(rows, other.rows), merged);
    }

    /** The binary form: magic, version, window, rows, columns (name and profile), CRC-32 of all before it. */
    public byte[] toBytes() {
        ProfileCodec.Writer w = new ProfileCodec.Writer();
        w.putInt(MAGIC);
        w.putByte(VERSION);
        w.putLong(start.getEpochSecond());
        w.putInt(start.getNano());
        w.putLong(end.getEpochSecond());
        w.putInt(end.getNano());
        w.putLong(rows);
        w.putInt(columns.size());
        for (Map.Entry<String, ColumnProfile> e : columns.entrySet()) {
            w.putString(e.getKey());
            e.getValue().write(w);
        }
        byte[] body = w.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] out = new byte[body.length + 4];
        System.arraycopy(body, 0, out, 0, body.length);
        int c = (int) crc.getValue();
        out[body.length] = (byte) (c >>> 24);
        out[body.length + 1] = (byte) (c >>> 16);
        out[body.length + 2] = (byte) (c >>> 8);
        out[body.length + 3] = (byte) c;
        return out;
    }

    /** Reads {@link #toBytes}' form; truncated, corrupted or oversized input is refused with InvalidArgument. */
    public static DatasetProfile fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 4 + 1 + 4) {
            throw new GyreException.InvalidArgument("profile bytes are missing or truncated ("
                    + (bytes == null ? "null" : bytes.length + " bytes") + "); pass bytes written by DatasetProfile.toBytes");
        }
        if (bytes.length > MAX_BYTES) {
            throw new GyreException.InvalidArgument("profile of " + bytes.length + " bytes is larger than the "
                    + MAX_BYTES + " bytes accepted; split it by columns");
        }
        ProfileCodec.Reader r = new ProfileCodec.Reader(bytes, 0, bytes.length - 4);
        if (r.getInt() != MAGIC) {
            throw r.invalid("they do not start with the profile marker");
        }
        int version = r.getByte();
        if (version != VERSION) {
            throw new GyreException.InvalidArgument("profile format version " + version + " is not supported (this Gyre reads "
                    + VERSION + "); write the profile with a matching Gyre version");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xff) << 24) | ((bytes[bytes.length - 3] & 0xff) << 16)
                | ((bytes[bytes.length - 2] & 0xff) << 8) | (bytes[bytes.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw r.invalid("checksum mismatch (corrupted or truncated)");
        }
        Instant start = instant(r);
        Instant end = instant(r);
        long rows = r.getCount("row count");
        int n = r.getInt();
        if (n < 0 || n > MAX_COLUMNS) {
            throw r.invalid("column count " + n + " outside 0.." + MAX_COLUMNS);
        }
        Map<String, ColumnProfile> columns = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = r.getString();
            if (name.isEmpty() || columns.containsKey(name)) {
                throw r.invalid("column name '" + name + "' is empty or repeated");
            }
            columns.put(name, ColumnProfile.read(r, name));
        }
        if (r.remaining() != 0) {
            throw r.invalid(r.remaining() + " unexpected trailing bytes");
        }
        if (end.isBefore(start)) {
            throw r.invalid("window ends before it starts");
        }
        return new DatasetProfile(start, end, rows, columns);
    }

    private static Instant instant(ProfileCodec.Reader r) {
        long seconds = r.getLong();
        int nanos = r.getInt();
        if (nanos < 0 || nanos > 999_999_999 || seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw r.invalid("window time out of range");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
