package dev.gyre.training.search;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The values one parameter may take in a search: a list of choices, an integer or real range (optionally
 * on a log scale), or a fixed value. Values are checked against the algorithm's parameter schema when a
 * {@link SearchSpace} is built, not here.
 */
public sealed interface Domain permits Domain.Choice, Domain.Numeric, Domain.Fixed {

    /** One of these values, each equally likely a priori. */
    static Domain choice(List<?> values) {
        return new Choice(List.copyOf(values));
    }

    /** An integer in {@code [lo, hi]}, uniform. */
    static Domain intRange(int lo, int hi) {
        return new IntRange(lo, hi, false);
    }

    /** An integer in {@code [lo, hi]}, uniform in {@code log} when {@code log} is true (then {@code lo > 0}). */
    static Domain intRange(int lo, int hi, boolean log) {
        return new IntRange(lo, hi, log);
    }

    /** A real number in {@code [lo, hi]}, uniform. */
    static Domain floatRange(double lo, double hi) {
        return new FloatRange(lo, hi, false);
    }

    /** A real number in {@code [lo, hi]}, uniform in {@code log} when {@code log} is true (then {@code lo > 0}). */
    static Domain floatRange(double lo, double hi, boolean log) {
        return new FloatRange(lo, hi, log);
    }

    /** Always this value. */
    static Domain fixed(Object value) {
        return new Fixed(Objects.requireNonNull(value, "value"));
    }

    /** A value drawn from the prior: uniform over choices, or uniform over the (log-)range. */
    Object sample(Random random);

    /**
     * Up to {@code points} values spread over the domain for a grid: every choice; for a range, {@code points}
     * evenly spaced values from {@code lo} to {@code hi} inclusive (in log space when the range is logarithmic),
     * integers rounded and repeats dropped.
     */
    List<Object> grid(int points);

    /** A finite list of values. */
    record Choice(List<Object> values) implements Domain {
        @Override
        public Object sample(Random random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public List<Object> grid(int points) {
            return values;
        }

        @Override
        public String toString() {
            return "choice(" + values + ")";
        }
    }

    /** A numeric range; values map to {@code [0, 1]} linearly in the value or in its logarithm. */
    sealed interface Numeric extends Domain permits IntRange, FloatRange {
        double lo();

        double hi();

        boolean log();

        /** Whether values are integers. */
        boolean integer();

        /** The position of a value in {@code [0, 1]}. */
        default double toUnit(double v) {
            double a = log() ? Math.log(lo()) : lo();
            double b = log() ? Math.log(hi()) : hi();
            double t = log() ? Math.log(v) : v;
            return b == a ? 0.5 : (t - a) / (b - a);
        }

        /** The value at a position in {@code [0, 1]}, clamped to the range and rounded for integers. */
        default Object fromUnit(double u) {
            double c = Math.min(1, Math.max(0, u));
            double a = log() ? Math.log(lo()) : lo();
            double b = log() ? Math.log(hi()) : hi();
            double t = a + c * (b - a);
            double v = c == 0 ? lo() : c == 1 ? hi() : Math.min(hi(), Math.max(lo(), log() ? Math.exp(t) : t));
            return integer() ? (Object) (int) Math.round(v) : (Object) v;
        }

        @Override
        default Object sample(Random random) {
            if (integer() && !log()) {
                return (int) lo() + random.nextInt((int) hi() - (int) lo() + 1);
            }
            if (integer()) {   // uniform in log over [lo - 0.5, hi + 0.5) so the end points are as likely as others
                double a = Math.log(lo() - 0.5 > 0 ? lo() - 0.5 : lo());
                double b = Math.log(hi() + 0.5);
                int v = (int) Math.round(Math.exp(a + random.nextDouble() * (b - a)));
                return Math.min((int) hi(), Math.max((int) lo(), v));
            }
            return fromUnit(random.nextDouble());
        }

        @Override
        default List<Object> grid(int points) {
            LinkedHashSet<Object> values = new LinkedHashSet<>();
            for (int i = 0; i < points; i++) {
                values.add(fromUnit(points == 1 ? 0.5 : (double) i / (points - 1)));
            }
            return new ArrayList<>(values);
        }
    }

    /** Integers in {@code [lo, hi]}. */
    record IntRange(int loValue, int hiValue, boolean log) implements Numeric {
        @Override
        public double lo() {
            return loValue;
        }

        @Override
        public double hi() {
            return hiValue;
        }

        @Override
        public boolean integer() {
            return true;
        }

        @Override
        public String toString() {
            return "int_range(" + loValue + ", " + hiValue + (log ? ", log" : "") + ")";
        }
    }

    /** Real numbers in {@code [lo, hi]}. */
    record FloatRange(double lo, double hi, boolean log) implements Numeric {
        @Override
        public boolean integer() {
            return false;
        }

        @Override
        public String toString() {
            return "float_range(" + lo + ", " + hi + (log ? ", log" : "") + ")";
        }
    }

    /** One value. */
    record Fixed(Object value) implements Domain {
        @Override
        public Object sample(Random random) {
            return value;
        }

        @Override
        public List<Object> grid(int points) {
            return List.of(value);
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    /** Checks the shape of a domain on its own (bounds ordered, positive for log); {@code where} names it. */
    static void checkShape(Domain d, String where) {
        if (d instanceof Choice c && c.values().isEmpty()) {
            throw new GyreException.InvalidArgument(where + " is choice([]) with no values, so the space has no "
                    + "valid point; list at least one value");
        }
        if (d instanceof Numeric n) {
            if (!Double.isFinite(n.lo()) || !Double.isFinite(n.hi()) || n.lo() > n.hi()) {
                throw new GyreException.InvalidArgument(where + " is " + n + ", which holds no value; give "
                        + "finite bounds with lo <= hi");
            }
            if (n.log() && n.lo() <= 0) {
                throw new GyreException.InvalidArgument(where + " is " + n + " on a log scale, which needs "
                        + "lo > 0; raise lo or drop log");
            }
        }
    }
}
