package dev.gyre.features.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * One fitted step. It reads the {@link Row} register (a number or a string, as {@link #in()} says),
 * replaces it (as {@link #out()} says) and may write {@link #width()} output columns directly from
 * {@code offset}. The batch and the single-row transform run exactly these methods, so they agree to the bit.
 * Every op writes all of its output columns on every row. Immutable and thread-safe.
 */
abstract class Op {
    /** The step's name in the spec and in the JSON. */
    abstract String name();

    /** What the register must hold before: {@link Kind#NUM} or {@link Kind#STR}. */
    abstract Kind in();

    /** What the register holds after, or {@code null} when the op writes its outputs and ends the chain. */
    abstract Kind out();

    /** How many output columns the op writes itself. */
    int width() {
        return 0;
    }

    /** The names of the columns the op writes itself, given the chain's column. */
    List<String> names(String column) {
        return List.of();
    }

    abstract void apply(Row r, double[] out, int offset);

    /** Writes the fitted parameters into {@code state} (which already holds {@code "step": name()}). */
    abstract void write(ObjectNode state);

    /** Fills missing with a number; optionally writes the missing indicator first. */
    static final class ImputeNumber extends Op {
        final double value;
        final boolean indicator;

        ImputeNumber(double value, boolean indicator) {
            this.value = value;
            this.indicator = indicator;
        }

        @Override String name() { return "impute"; }
        @Override Kind in() { return Kind.NUM; }
        @Override Kind out() { return Kind.NUM; }
        @Override int width() { return indicator ? 1 : 0; }
        @Override List<String> names(String column) { return indicator ? List.of(column + "_missing") : List.of(); }

        @Override
        void apply(Row r, double[] out, int offset) {
            boolean missing = Double.isNaN(r.x);
            if (indicator) {
                out[offset] = missing ? 1.0 : 0.0;
            }
            if (missing) {
                r.x = value;
            }
        }

        @Override
        void write(ObjectNode state) {
            state.put("value", value).put("indicator", indicator);
        }
    }

    /** Fills missing with a string; optionally writes the missing indicator first. */
    static final class ImputeText extends Op {
        final String value;
        final boolean indicator;

        ImputeText(String value, boolean indicator) {
            this.value = value;
            this.indicator = indicator;
        }

        @Override String name() { return "impute"; }
        @Override Kind in() { return Kind.STR; }
        @Override Kind out() { return Kind.STR; }
        @Override int width() { return indicator ? 1 : 0; }
        @Override List<String> names(String column) { return indicator ? List.of(column + "_missing") : List.of(); }

        @Override
        void apply(Row r, double[] out, int offset) {
            boolean missing = r.s == null;
            if (indicator) {
                out[offset] = missing ? 1.0 : 0.0;
            }
            if (missing) {
                r.s = value;
            }
        }

        @Override
        void write(ObjectNode state) {
            state.put("value", value).put("indicator", indicator);
        }
    }

    /** A numeric map {@code x -> f(x)}; missing stays missing and a non-finite result becomes missing. */
    abstract static class Numeric extends Op {
        @Override Kind in() { return Kind.NUM; }
        @Override Kind out() { return Kind.NUM; }

        @Override
        final void apply(Row r, double[] out, int offset) {
            double x = r.x;
            r.x = Double.isNaN(x) ? x : Values.finite(map(x));
        }

        abstract double map(double x);
    }

    /** {@code (x - mean) / std}. */
    static final class Standardize extends Numeric {
        final double mean;
        final double std;

        Standardize(double mean, double std) {
            this.mean = mean;
            this.std = std;
        }

        @Override String name() { return "standardize"; }
        @Override double map(double x) { return (x - mean) / std; }

        @Override
        void write(ObjectNode state) {
            state.put("mean", mean).put("std", std);
        }
    }

    /** {@code (x - min) / range}. */
    static final class MinMax extends Numeric {
        final double min;
        final double range;

        MinMax(double min, double range) {
            this.min = min;
            this.range = range;
        }

        @Override String name() { return "min_max"; }
        @Override double map(double x) { return (x - min) / range; }

        @Override
        void write(ObjectNode state) {
            state.put("min", min).put("range", range);
        }
    }

    /** {@code ln(1 + x)}. */
    static final class Log1p extends Numeric {
        @Override String name() { return "log1p"; }
        @Override double map(double x) { return Math.log1p(x); }
        @Override void write(ObjectNode state) { }
    }

    /** Limits to {@code [min, max]}; an absent bound is infinite. */
    static final class Clip extends Numeric {
        final double min;
        final double max;

        Clip(double min, double max) {
            this.min = min;
            this.max = max;
        }

        @Override String name() { return "clip"; }
        @Override double map(double x) { return x < min ? min : x > max ? max : x; }

        @Override
        void write(ObjectNode state) {
            if (Double.isFinite(min)) {
                state.put("min", min);
            }
            if (Double.isFinite(max)) {
                state.put("max", max);
            }
        }
    }

    /** The number of edges at or below {@code x}. */
    static final class Bucketize extends Numeric {
        final double[] edges;

        Bucketize(double[] edges) {
            this.edges = edges.clone();
        }

        @Override String name() { return "bucketize"; }

        @Override
        double map(double x) {
            int lo = 0;
            int hi = edges.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (edges[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        @Override
        void write(ObjectNode state) {
            ArrayNode array = state.putArray("edges");
            Arrays.stream(edges).forEach(array::add);
        }
    }
}
