package dev.gyre.data.profile;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.util.HashSet;
import org.apache.datasketches.kll.KllDoublesSketch;
import java.util.List;
import java.util.Set;

/**
 * Checks shared by the readers of stored profiles: the statistics read must agree with each other, and a
 * frequent-items sketch must not ask for more working space than an honest profile can have.
 */
final class ProfileChecks {
    /**
     * The largest log2 map size of a stored frequent-items sketch: that of an exact value limit of about
     * one million, the most a profile is useful with.
     */
    static final int MAX_LG_ITEMS_MAP = 22;

    private ProfileChecks() {
    }

    static GyreException.InvalidArgument bad(String at, String problem) {
        return new GyreException.InvalidArgument(at + ": " + problem + "; give a profile written by Gyre.");
    }

    /** Checks that the counts, moments and sketches of a column read from storage agree. */
    static void check(ColumnState s, String at) {
        if (s.missing > s.count) {
            throw bad(at + ".missing", "is larger than the count");
        }
        long present = s.count - s.missing;
        if (s.type == ColumnType.NUMERIC) {
            if (s.n != present) {
                throw bad(at + ".numeric.n", "is " + s.n + " but the column has " + present + " present values");
            }
            if (s.kll.getN() != s.n) {
                throw bad(at + ".numeric.kll", "holds " + s.kll.getN() + " values instead of " + s.n);
            }
            if (s.zeros > s.n) {
                throw bad(at + ".numeric.zeros", "is larger than the number of values");
            }
        }
        if (s.type == ColumnType.BOOLEAN && s.trueCount > present) {
            throw bad(at + ".boolean.trueCount", "is larger than the number of present values");
        }
        if (s.values != null) {
            long counted = s.values.totalCount();
            if (counted != present) {
                throw bad(at + ".values", "count " + counted + " values but the column has " + present);
            }
        }
    }

    /** The columns, refusing two of the same name. */
    static List<ColumnProfile> distinctNames(List<ColumnProfile> columns) {
        Set<String> names = new HashSet<>();
        for (ColumnProfile column : columns) {
            if (!names.add(column.name())) {
                throw bad("profile.columns", "name '" + column.name() + "' twice");
            }
        }
        return columns;
    }

    /**
     * A KLL sketch from stored bytes, after checking the parts of its header that DataSketches only checks with
     * assertions: a sketch with more than one value (5 preamble ints) has 1 to 61 levels (byte 18).
     */
    static KllDoublesSketch kllSketch(byte[] bytes, String at) {
        if (bytes.length < 8) {
            throw bad(at, "is too short for a quantile sketch");
        }
        int preInts = bytes[0] & 0x3f;
        if (preInts == 5 && (bytes.length < 20 || (bytes[18] & 0xff) < 1 || (bytes[18] & 0xff) > 61)) {
            throw bad(at, "has a damaged quantile sketch header");
        }
        return ColumnState.heapifyKll(bytes);
    }

    /**
     * A value counter from stored frequent-items sketch bytes, after checking the header's map sizes (byte 3:
     * log2 of the largest map, byte 4: log2 of the current one) so that a damaged header cannot claim a huge map.
     */
    static ValueCounter itemsSketch(int limit, byte[] bytes, String at) {
        if (bytes.length >= 8) {
            int lgMax = bytes[3] & 0xff;
            int lgCur = bytes[4] & 0xff;
            if (lgMax > MAX_LG_ITEMS_MAP || lgCur > lgMax) {
                throw bad(at, "claims a map of 2^" + Math.max(lgMax, lgCur) + " entries, more than the 2^"
                        + MAX_LG_ITEMS_MAP + " a profile may have");
            }
        }
        return ValueCounter.ofSketch(limit, bytes);
    }
}
