package dev.gyre.data.profile;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;

/**
 * The compact binary form of a profile, big-endian:
 * <pre>
 *   magic "GYPF", u16 version (1), i64 rowCount, i32 columns, then per column:
 *     str name, str type (wire name), i64 count, i64 missing, blob hll,
 *     numeric:   i64 n, f64 mean, f64 m2, f64 min, f64 max, i64 zeros, blob kll
 *     text:      i64 totalLength, i64 minLength, i64 maxLength
 *     boolean:   i64 trueCount
 *     timestamp: i64 minMillis, i64 maxMillis
 *     categorical and text, then: i32 limit, u8 exact, exact ? (i32 entries, (str value, i64 count)*) : blob sketch
 *   str = i32 byte length + UTF-8; blob = i32 length + DataSketches bytes.
 * </pre>
 * Reading checks every length against the bytes that remain, so a damaged or hostile input cannot make it
 * allocate more than its own size (plus the sketches' bounded working space), and then checks the statistics
 * against each other ({@link ProfileChecks}).
 */
final class ProfileBinary {
    static final byte[] MAGIC = {'G', 'Y', 'P', 'F'};
    static final int VERSION = 1;

    private ProfileBinary() {
    }

    static byte[] write(DatasetProfile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(profile.rowCount());
            List<ColumnProfile> columns = profile.columns();
            out.writeInt(columns.size());
            for (ColumnProfile column : columns) {
                writeState(out, column.state());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeState(DataOutputStream out, ColumnState s) throws IOException {
        string(out, s.name);
        string(out, s.type.wireName());
        out.writeLong(s.count);
        out.writeLong(s.missing);
        blob(out, s.hll.toCompactByteArray());
        switch (s.type) {
            case NUMERIC -> {
                out.writeLong(s.n);
                out.writeDouble(s.mean);
                out.writeDouble(s.m2);
                out.writeDouble(s.min);
                out.writeDouble(s.max);
                out.writeLong(s.zeros);
                blob(out, s.kll.toByteArray());
            }
            case TEXT -> {
                out.writeLong(s.totalLength);
                out.writeLong(s.minLength);
                out.writeLong(s.maxLength);
            }
            case BOOLEAN -> out.writeLong(s.trueCount);
            case TIMESTAMP -> {
                out.writeLong(s.minMillis);
                out.writeLong(s.maxMillis);
            }
            case CATEGORICAL -> {
                // value counts below
            }
        }
        if (s.values != null) {
            out.writeInt(s.values.limit());
            out.writeByte(s.values.isExact() ? 1 : 0);
            if (s.values.isExact()) {
                List<ValueCount> counts = s.values.values();
                out.writeInt(counts.size());
                for (ValueCount count : counts) {
                    string(out, count.value());
                    out.writeLong(count.count());
                }
            } else {
                blob(out, s.values.sketchBytes());
            }
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        blob(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void blob(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    static DatasetProfile read(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length + 2
                || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new GyreException.InvalidArgument("profile: not a binary Gyre profile (it does not start with"
                    + " \"GYPF\"); give bytes written by DatasetProfile.toBytes().");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        int version = Short.toUnsignedInt(in.getShort());
        if (version != VERSION) {
            throw new GyreException.InvalidArgument("profile: binary version " + version
                    + " is not supported; this version of Gyre reads version " + VERSION + ".");
        }
        String at = "profile";
        try {
            long rowCount = nonNegative(in.getLong(), at + ".rowCount");
            int size = in.getInt();
            // every column takes at least 30 bytes, so a larger count is a lie
            if (size < 0 || size > in.remaining() / 30) {
                throw ProfileChecks.bad(at + ".columns", "has an impossible column count " + size);
            }
            List<ColumnProfile> columns = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                at = "profile.columns[" + i + "]";
                columns.add(new ColumnProfile(readState(in, at)));
            }
            if (in.hasRemaining()) {
                throw ProfileChecks.bad("profile", in.remaining() + " bytes follow the last column");
            }
            return new DatasetProfile(rowCount, ProfileChecks.distinctNames(columns));
        } catch (BufferUnderflowException e) {
            throw ProfileChecks.bad(at, "the bytes end early (truncated)");
        }
    }

    private static ColumnState readState(ByteBuffer in, String at) {
        String name = string(in, at + ".name");
        if (name.isEmpty()) {
            throw ProfileChecks.bad(at + ".name", "must be a non-empty string");
        }
        ColumnType type;
        try {
            type = ColumnType.fromWireName(string(in, at + ".type"));
        } catch (IllegalArgumentException e) {
            throw ProfileChecks.bad(at + ".type", e.getMessage());
        }
        ColumnState s = new ColumnState(name, type);
        s.count = nonNegative(in.getLong(), at + ".count");
        s.missing = nonNegative(in.getLong(), at + ".missing");
        byte[] hll = blob(in, at + ".hll");
        switch (type) {
            case NUMERIC -> {
                s.n = nonNegative(in.getLong(), at + ".n");
                s.mean = in.getDouble();
                s.m2 = in.getDouble();
                s.min = in.getDouble();
                s.max = in.getDouble();
                s.zeros = nonNegative(in.getLong(), at + ".zeros");
            }
            case TEXT -> {
                s.totalLength = nonNegative(in.getLong(), at + ".totalLength");
                s.minLength = in.getLong();
                s.maxLength = in.getLong();
            }
            case BOOLEAN -> s.trueCount = nonNegative(in.getLong(), at + ".trueCount");
            case TIMESTAMP -> {
                s.minMillis = in.getLong();
                s.maxMillis = in.getLong();
            }
            case CATEGORICAL -> {
                // value counts below
            }
        }
        byte[] kll = type == ColumnType.NUMERIC ? blob(in, at + ".kll") : null;
        try {
            s.hll = HllSketch.heapify(hll);
            if (kll != null) {
                s.kll = ProfileChecks.kllSketch(kll, at + ".kll");
            }
            if (type == ColumnType.CATEGORICAL || type == ColumnType.TEXT) {
                s.values = readValues(in, at + ".values");
            }
        } catch (GyreException | BufferUnderflowException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            // DataSketches reports some inconsistent headers with assert statements
            throw new GyreException.InvalidArgument(at + ": a sketch cannot be read (" + e.getMessage()
                    + "); the profile is damaged, profile the data again.", e);
        }
        ProfileChecks.check(s, at);
        return s;
    }

    private static ValueCounter readValues(ByteBuffer in, String at) {
        int limit = in.getInt();
        if (limit < 1) {
            throw ProfileChecks.bad(at + ".limit", "must be a positive integer");
        }
        int exact = in.get();
        if (exact == 1) {
            int entries = in.getInt();
            // an entry takes at least 12 bytes
            if (entries < 0 || entries > in.remaining() / 12) {
                throw ProfileChecks.bad(at + ".counts", "has an impossible entry count " + entries);
            }
            Map<String, Long> counts = new HashMap<>();
            for (int i = 0; i < entries; i++) {
                String value = string(in, at + ".counts[" + i + "].value");
                if (counts.put(value, nonNegative(in.getLong(), at + ".counts[" + i + "].count")) != null) {
                    throw ProfileChecks.bad(at + ".counts", "repeats the value '" + value + "'");
                }
            }
            return ValueCounter.ofExact(limit, counts);
        }
        if (exact != 0) {
            throw ProfileChecks.bad(at + ".exact", "must be 0 or 1");
        }
        return ProfileChecks.itemsSketch(limit, blob(in, at + ".sketch"), at + ".sketch");
    }

    private static long nonNegative(long value, String at) {
        if (value < 0) {
            throw ProfileChecks.bad(at, "must be a non-negative integer");
        }
        return value;
    }

    private static String string(ByteBuffer in, String at) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(blob(in, at))).toString();
        } catch (CharacterCodingException e) {
            throw ProfileChecks.bad(at, "is not valid UTF-8");
        }
    }

    private static byte[] blob(ByteBuffer in, String at) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw ProfileChecks.bad(at, "has a length of " + length + " bytes but only " + in.remaining() + " remain");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }
}
