package dev.gyre.monitoring.profile;

import dev.gyre.core.GyreException;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable summary of one column whose size does not grow with the number of rows.
 * <ul>
 *   <li>both kinds: the number of values, of missing values (null, or NaN for numeric columns), a HyperLogLog
 *       distinct count (lg_k 12) and exact counts per value while there are at most {@link #EXACT_COUNT_LIMIT}
 *       distinct values; past that the counts are dropped for good and only the sketches remain;</li>
 *   <li>numeric: infinite values (counted, kept out of everything else), min, max, mean and M2 (sum of squared
 *       deviations; merged with Chan's parallel formula) and a KLL quantile sketch (k = 1024 by default);</li>
 *   <li>categorical: a frequent-items sketch (lg_max_k 10).</li>
 * </ul>
 * {@link #merge} is associative and commutative up to floating rounding of the moments and the sketches'
 * randomised compaction: merging the profiles of parts gives the profile of the union (counts, min, max
 * exactly; mean and M2 up to rounding; sketches within their error bounds). Not thread-safe.
 */
public final class ColumnProfile {

    public enum Kind { NUMERIC, CATEGORICAL }

    /** KLL k used when none is given; about 0.27 % normalised rank error (99 % confidence). */
    public static final int DEFAULT_K = 1024;
    /** HyperLogLog lg_k: about 1.6 % relative error on the distinct count. */
    public static final int HLL_LG_K = 12;
    /** Frequent-items sketch lg_max_k (a map of at most 1024 items). */
    public static final int FREQUENT_LG_MAX_K = 10;
    /** Exact counts per value are kept while the column has at most this many distinct values. */
    public static final int EXACT_COUNT_LIMIT = 1000;

    static final int MIN_K = 8;
    static final int MAX_K = 65_535;

    private final Kind kind;
    private long count;
    private long missing;
    private long infinite;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    private KllDoublesSketch quantiles;
    private ItemsSketch<String> frequent;
    private HllSketch distinct;
    private TreeMap<Double, Long> numericCounts;
    private TreeMap<String, Long> labelCounts;
    /**
     * Labels counted since the sketches and exact counts were last brought up to date: the hot path counts in
     * this map (one hash lookup) and {@link #sync()} feeds the counts on as weighted updates, which the sketches
     * take as they would the single values.
     */
    private final java.util.HashMap<String, long[]> pending = new java.util.HashMap<>();
    /** The most distinct labels pending before they are fed on. */
    static final int PENDING_LIMIT = 4096;

    private ColumnProfile(Kind kind, int k) {
        this.kind = kind;
        this.distinct = new HllSketch(HLL_LG_K);
        if (kind == Kind.NUMERIC) {
            quantiles = KllDoublesSketch.newHeapInstance(k);
            frequent = null;
            numericCounts = new TreeMap<>();
        } else {
            quantiles = null;
            frequent = new ItemsSketch<>(1 << FREQUENT_LG_MAX_K);
            labelCounts = new TreeMap<>();
        }
    }

    /** An empty numeric profile with KLL k = 1024. */
    public static ColumnProfile numeric() {
        return numeric(DEFAULT_K);
    }

    /** An empty numeric profile with the given KLL k (8 to 65 535; larger k, smaller rank error). */
    public static ColumnProfile numeric(int k) {
        requireK(k);
        return new ColumnProfile(Kind.NUMERIC, k);
    }

    /** An empty categorical profile. */
    public static ColumnProfile categorical() {
        return new ColumnProfile(Kind.CATEGORICAL, 0);
    }

    static void requireK(int k) {
        if (k < MIN_K || k > MAX_K) {
            throw new GyreException.InvalidArgument("KLL k " + k + " is out of range; use a value from " + MIN_K + " to "
                    + MAX_K + " (default " + DEFAULT_K + ")");
        }
    }

    /** Adds one numeric value; NaN counts as missing, ±∞ as infinite. */
    public ColumnProfile update(double value) {
        requireKind(Kind.NUMERIC, "a number");
        if (Double.isNaN(value)) {
            missing++;
            return this;
        }
        if (Double.isInfinite(value)) {
            infinite++;
            return this;
        }
        double v = value == 0.0 ? 0.0 : value; // −0.0 and 0.0 are one value
        count++;
        double delta = v - mean;
        mean += delta / count;
        m2 += delta * (v - mean);
        min = Math.min(min, v);
        max = Math.max(max, v);
        quantiles.update(v);
        distinct.update(v);
        if (numericCounts != null) {
            numericCounts.merge(v, 1L, Long::sum);
            if (numericCounts.size() > EXACT_COUNT_LIMIT) {
                numericCounts = null;
            }
        }
        return this;
    }

    /** Adds numeric values. */
    public ColumnProfile updateAll(double... values) {
        for (double v : values) {
            update(v);
        }
        return this;
    }

    /** Adds one label; null counts as missing. */
    public ColumnProfile update(String label) {
        requireKind(Kind.CATEGORICAL, "a label");
        if (label == null) {
            missing++;
            return this;
        }
        count++;
        long[] n = pending.get(label);
        if (n == null) {
            if (pending.size() >= PENDING_LIMIT) {
                sync();
            }
            n = new long[1];
            pending.put(label, n);
        }
        n[0]++;
        return this;
    }

    /** Feeds the pending label counts to the sketches and the exact counts. */
    private void sync() {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<String, long[]> e : pending.entrySet()) {
            String label = e.getKey();
            long n = e.getValue()[0];
            frequent.update(label, n);
            distinct.update(label);
            if (labelCounts != null) {
                labelCounts.merge(label, n, Long::sum);
                if (labelCounts.size() > EXACT_COUNT_LIMIT) {
                    labelCounts = null;
                }
            }
        }
        pending.clear();
    }

    /** Adds labels. */
    public ColumnProfile updateAll(Iterable<String> labels) {
        for (String l : labels) {
            update(l);
        }
        return this;
    }

    /** Adds a missing value (null) of either kind. */
    public ColumnProfile updateMissing() {
        missing++;
        return this;
    }

    /** Adds {@code n} missing values of either kind (a column that first appears after {@code n} rows). */
    public ColumnProfile updateMissing(long n) {
        if (n < 0) {
            throw new GyreException.InvalidArgument("a count of missing values cannot be negative, got " + n);
        }
        missing = Math.addExact(missing, n);
        return this;
    }

    private void requireKind(Kind wanted, String what) {
        if (kind != wanted) {
            throw new GyreException.InvalidArgument("cannot add " + what + " to a " + kind.name().toLowerCase()
                    + " column profile; profile each column with the kind of its values");
        }
    }

    /**
     * The profile of both parts together, as a new profile (neither input changes). Both must be of the same kind;
     * numeric profiles with different k merge into the smaller k.
     */
    public ColumnProfile merge(ColumnProfile other) {
        if (other == null) {
            throw new GyreException.InvalidArgument("no profile to merge; pass the other part's column profile");
        }
        if (other.kind != kind) {
            throw new GyreException.InvalidArgument("cannot merge a " + kind.name().toLowerCase() + " profile with a "
                    + other.kind.name().toLowerCase() + " one; the same column must be profiled with one kind");
        }
        sync();
        other.sync();
        ColumnProfile out = new ColumnProfile(kind, kind == Kind.NUMERIC ? Math.min(k(), other.k()) : 0);
        out.count = Math.addExact(count, other.count);
        out.missing = Math.addExact(missing, other.missing);
        out.infinite = Math.addExact(infinite, other.infinite);
        Union union = new Union(HLL_LG_K);
        union.update(distinct);
        union.update(other.distinct);
        out.distinct = union.getResult();
        if (kind == Kind.NUMERIC) {
            out.min = Math.min(min, other.min);
            out.max = Math.max(max, other.max);
            if (out.count > 0) {
                // Chan, Golub and LeVeque's pairwise update
                double delta = other.mean - mean;
                double n = out.count;
                out.mean = mean + delta * (other.count / n);
                out.m2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
            }
            out.quantiles.merge(quantiles);
            out.quantiles.merge(other.quantiles);
            out.numericCounts = mergeCounts(numericCounts, other.numericCounts);
        } else {
            out.frequent.merge(frequent);
            out.frequent.merge(other.frequent);
            out.labelCounts = mergeCounts(labelCounts, other.labelCounts);
        }
        return out;
    }

    private static <K> TreeMap<K, Long> mergeCounts(TreeMap<K, Long> a, TreeMap<K, Long> b) {
        if (a == null || b == null) {
            return null;
        }
        TreeMap<K, Long> out = new TreeMap<>(a);
        for (Map.Entry<K, Long> e : b.entrySet()) {
            out.merge(e.getKey(), e.getValue(), Math::addExact);
            if (out.size() > EXACT_COUNT_LIMIT) {
                return null;
            }
        }
        return out;
    }

    public Kind kind() {
        return kind;
    }

    /** Values profiled (numeric: finite values only). */
    public long count() {
        return count;
    }

    public long missing() {
        return missing;
    }

    /** Numeric ±∞ values seen; always 0 for categorical columns. */
    public long infinite() {
        return infinite;
    }

    /** Smallest finite value; NaN when there is none or the column is categorical. */
    public double min() {
        return kind == Kind.NUMERIC && count > 0 ? min : Double.NaN;
    }

    public double max() {
        return kind == Kind.NUMERIC && count > 0 ? max : Double.NaN;
    }

    public double mean() {
        return kind == Kind.NUMERIC && count > 0 ? mean : Double.NaN;
    }

    /** Sum of squared deviations from the mean. */
    public double m2() {
        return kind == Kind.NUMERIC && count > 0 ? m2 : Double.NaN;
    }

    /** Population variance M2 / n. */
    public double variance() {
        return kind == Kind.NUMERIC && count > 0 ? m2 / count : Double.NaN;
    }

    /** KLL k of a numeric profile; 0 for categorical ones. */
    public int k() {
        return quantiles == null ? 0 : quantiles.getK();
    }

    /** Estimated number of distinct values (exact while the exact counts are kept). */
    public double distinctEstimate() {
        sync();
        Map<?, Long> c = kind == Kind.NUMERIC ? numericCounts : labelCounts;
        return c != null ? c.size() : distinct.getEstimate();
    }

    /** Whether exact counts per value are still kept. */
    public boolean hasExactCounts() {
        sync();
        return (kind == Kind.NUMERIC ? numericCounts : labelCounts) != null;
    }

    /** Exact counts per numeric value in ascending order; empty when dropped or categorical (see {@link #hasExactCounts}). */
    public Map<Double, Long> numericCounts() {
        return numericCounts == null ? Map.of() : Collections.unmodifiableMap(numericCounts);
    }

    /** Exact counts per label in sorted order; empty when dropped or numeric (see {@link #hasExactCounts}). */
    public Map<String, Long> labelCounts() {
        sync();
        return labelCounts == null ? Map.of() : Collections.unmodifiableMap(labelCounts);
    }

    /** The KLL sketch of a numeric profile (a live view; do not update it). */
    public KllDoublesSketch quantiles() {
        if (quantiles == null) {
            throw new GyreException.InvalidArgument("a categorical profile has no quantile sketch; use labelCounts or frequentItems");
        }
        return quantiles;
    }

    /** The frequent-items sketch of a categorical profile (a live view; do not update it). */
    public ItemsSketch<String> frequentItems() {
        sync();
        if (frequent == null) {
            throw new GyreException.InvalidArgument("a numeric profile has no frequent-items sketch; use quantiles");
        }
        return frequent;
    }

    HllSketch hll() {
        sync();
        return distinct;
    }

    // ---- binary form, written and read by DatasetProfile's envelope ----

    void write(ProfileCodec.Writer w) {
        sync();
        w.putByte(kind == Kind.NUMERIC ? 0 : 1);
        w.putLong(count);
        w.putLong(missing);
        w.putLong(infinite);
        w.putBlob(distinct.toCompactByteArray());
        if (kind == Kind.NUMERIC) {
            w.putDouble(min);
            w.putDouble(max);
            w.putDouble(mean);
            w.putDouble(m2);
            w.putBlob(quantiles.toByteArray());
            w.putInt(numericCounts == null ? -1 : numericCounts.size());
            if (numericCounts != null) {
                for (Map.Entry<Double, Long> e : numericCounts.entrySet()) {
                    w.putDouble(e.getKey());
                    w.putLong(e.getValue());
                }
            }
        } else {
            w.putBlob(frequent.toByteArray(new ArrayOfStringsSerDe()));
            w.putInt(labelCounts == null ? -1 : labelCounts.size());
            if (labelCounts != null) {
                for (Map.Entry<String, Long> e : labelCounts.entrySet()) {
                    w.putString(e.getKey());
                    w.putLong(e.getValue());
                }
            }
        }
    }

    /** A numeric profile from its parts (taken, not copied); {@code exact} may be null (counts dropped). */
    static ColumnProfile numericOf(long missing, long infinite, HllSketch hll, double min, double max, double mean,
                                   double m2, KllDoublesSketch kll, Map<Double, Long> exact) {
        ColumnProfile p = new ColumnProfile(Kind.NUMERIC, Math.max(MIN_K, Math.min(MAX_K, kll.getK())));
        p.quantiles = kll;
        p.count = kll.getN();
        p.missing = missing;
        p.infinite = infinite;
        p.distinct = hll;
        if (p.count > 0) {
            p.min = min;
            p.max = max;
            p.mean = mean;
            p.m2 = m2;
        }
        p.numericCounts = exact == null ? null : new TreeMap<>(exact);
        return p;
    }

    /** A categorical profile from its parts (taken, not copied); {@code exact} may be null (counts dropped). */
    static ColumnProfile categoricalOf(long missing, HllSketch hll, ItemsSketch<String> items, Map<String, Long> exact) {
        ColumnProfile p = new ColumnProfile(Kind.CATEGORICAL, 0);
        p.frequent = items;
        p.count = items.getStreamLength();
        p.missing = missing;
        p.distinct = hll;
        p.labelCounts = exact == null ? null : new TreeMap<>(exact);
        return p;
    }

    static ColumnProfile read(ProfileCodec.Reader r, String column) {
        int kindByte = r.getByte();
        if (kindByte != 0 && kindByte != 1) {
            throw r.invalid("column '" + column + "' has unknown kind " + kindByte);
        }
        Kind kind = kindByte == 0 ? Kind.NUMERIC : Kind.CATEGORICAL;
        long count = r.getCount("count");
        long missing = r.getCount("missing");
        long infinite = r.getCount("infinite");
        HllSketch hll = r.sketch("distinct-count sketch of '" + column + "'", b -> HllSketch.heapify(b));
        ColumnProfile p;
        if (kind == Kind.NUMERIC) {
            double min = r.getDouble();
            double max = r.getDouble();
            double mean = r.getDouble();
            double m2 = r.getDouble();
            KllDoublesSketch kll = r.sketch("quantile sketch of '" + column + "'",
                    b -> KllDoublesSketch.heapify(org.apache.datasketches.memory.Memory.wrap(b)));
            if (kll.getN() != count) {
                throw r.invalid("quantile sketch of '" + column + "' holds " + kll.getN() + " values but the count is " + count);
            }
            if (kll.getK() < MIN_K || kll.getK() > MAX_K) {
                throw r.invalid("quantile sketch of '" + column + "' has k " + kll.getK());
            }
            if (count > 0 && !(Double.isFinite(min) && Double.isFinite(max) && min <= max && Double.isFinite(mean)
                    && m2 >= 0 && Double.isFinite(m2))) {
                throw r.invalid("moments of '" + column + "' are not finite or min > max");
            }
            p = new ColumnProfile(Kind.NUMERIC, kll.getK());
            p.quantiles = kll;
            p.min = count > 0 ? min : Double.POSITIVE_INFINITY;
            p.max = count > 0 ? max : Double.NEGATIVE_INFINITY;
            p.mean = count > 0 ? mean : 0;
            p.m2 = count > 0 ? m2 : 0;
            int entries = r.getEntries(EXACT_COUNT_LIMIT);
            if (entries < 0) {
                p.numericCounts = null;
            } else {
                long total = 0;
                for (int i = 0; i < entries; i++) {
                    double v = r.getDouble();
                    long c = r.getCount("value count");
                    if (!Double.isFinite(v) || c == 0 || p.numericCounts.put(v, c) != null) {
                        throw r.invalid("exact counts of '" + column + "' hold a bad or repeated value");
                    }
                    total += c;
                }
                if (total != count) {
                    throw r.invalid("exact counts of '" + column + "' sum to " + total + " but the count is " + count);
                }
            }
        } else {
            ItemsSketch<String> items = r.sketch("frequent-items sketch of '" + column + "'",
                    b -> ItemsSketch.getInstance(org.apache.datasketches.memory.Memory.wrap(b), new ArrayOfStringsSerDe()));
            if (items.getStreamLength() != count) {
                throw r.invalid("frequent-items sketch of '" + column + "' saw " + items.getStreamLength()
                        + " values but the count is " + count);
            }
            p = new ColumnProfile(Kind.CATEGORICAL, 0);
            p.frequent = items;
            int entries = r.getEntries(EXACT_COUNT_LIMIT);
            if (entries < 0) {
                p.labelCounts = null;
            } else {
                long total = 0;
                for (int i = 0; i < entries; i++) {
                    String label = r.getString();
                    long c = r.getCount("label count");
                    if (c == 0 || p.labelCounts.put(label, c) != null) {
                        throw r.invalid("exact counts of '" + column + "' hold a repeated label or a zero count");
                    }
                    total += c;
                }
                if (total != count) {
                    throw r.invalid("exact counts of '" + column + "' sum to " + total + " but the count is " + count);
                }
            }
        }
        p.count = count;
        p.missing = missing;
        p.infinite = infinite;
        p.distinct = hll;
        return p;
    }
}
