package dev.gyre.features.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.features.FeatureStep.Unseen;
import java.util.ArrayList;
import java.util.List;

/**
 * The fitted categorical encoders. Each takes the register as a string, or as a number looked up as a
 * category ({@link CategoryIndex#numeric}). A missing value is no category: one-hot and hashing write
 * zeros, ordinal -1, frequency 0.
 */
final class Encoders {
    /** The name of the one-hot column of rare (and, with unseen: other, unseen) values. */
    static final String OTHER = "<other>";

    private Encoders() {
    }

    static void writeCategories(ObjectNode state, CategoryIndex index) {
        ArrayNode kept = state.putArray("categories");
        ArrayNode rare = state.putArray("rare");
        for (Object value : index.kept()) {
            add(kept, value);
        }
        for (Object value : index.rare()) {
            add(rare, value);
        }
    }

    private static void add(ArrayNode array, Object value) {
        if (value instanceof Double d) {
            array.add(d);
        } else {
            array.add((String) value);
        }
    }

    static GyreException.InvalidArgument unseenError(String column, String step, CategoryIndex index, Row r) {
        return new GyreException.InvalidArgument("Column '" + column + "' has the value '" + index.describe(r)
                + "', which the training table did not have, and its " + step + " step says unseen: error. The known"
                + " values are " + index.knownForMessage() + ". Fix the value, or use unseen: ignore"
                + (step.equals("one_hot") ? " or other" : "") + " to accept new values.");
    }

    /** One 0/1 column per kept category, then the other column when there is one. */
    static final class OneHot extends Op {
        final String column;
        final CategoryIndex index;
        final boolean other;
        final Unseen unseen;

        OneHot(String column, CategoryIndex index, boolean other, Unseen unseen) {
            this.column = column;
            this.index = index;
            this.other = other;
            this.unseen = unseen;
        }

        @Override String name() { return "one_hot"; }
        @Override Kind in() { return index.numeric ? Kind.NUM : Kind.STR; }
        @Override Kind out() { return null; }
        @Override int width() { return index.size() + (other ? 1 : 0); }

        @Override
        List<String> names(String col) {
            List<String> names = new ArrayList<>(width());
            for (String name : index.names) {
                names.add(col + "=" + name);
            }
            if (other) {
                names.add(col + "=" + OTHER);
            }
            return names;
        }

        @Override
        void apply(Row r, double[] out, int offset) {
            int width = width();
            for (int i = 0; i < width; i++) {
                out[offset + i] = 0.0;
            }
            int position = index.lookup(r);
            if (position == CategoryIndex.UNSEEN) {
                if (unseen == Unseen.ERROR) {
                    throw unseenError(column, name(), index, r);
                }
                position = unseen == Unseen.OTHER ? index.size() : CategoryIndex.UNSEEN;
            }
            if (position >= 0) {
                out[offset + position] = 1.0;
            }
        }

        @Override
        void write(ObjectNode state) {
            writeCategories(state, index);
            state.put("other", other).put("unseen", unseen.wireName());
        }
    }

    /** The position among the sorted training categories; -1 for missing and ignored unseen values. */
    static final class Ordinal extends Op {
        final String column;
        final CategoryIndex index;
        final Unseen unseen;

        Ordinal(String column, CategoryIndex index, Unseen unseen) {
            this.column = column;
            this.index = index;
            this.unseen = unseen;
        }

        @Override String name() { return "ordinal"; }
        @Override Kind in() { return index.numeric ? Kind.NUM : Kind.STR; }
        @Override Kind out() { return Kind.NUM; }

        @Override
        void apply(Row r, double[] out, int offset) {
            int position = index.lookup(r);
            if (position == CategoryIndex.UNSEEN && unseen == Unseen.ERROR) {
                throw unseenError(column, name(), index, r);
            }
            r.x = position >= 0 ? position : -1.0;
        }

        @Override
        void write(ObjectNode state) {
            writeCategories(state, index);
            state.put("unseen", unseen.wireName());
        }
    }

    /** The share of training rows with the value; 0 for missing and unseen values. */
    static final class Frequency extends Op {
        final CategoryIndex index;
        final double[] shares;

        Frequency(CategoryIndex index, double[] shares) {
            this.index = index;
            this.shares = shares.clone();
        }

        @Override String name() { return "frequency"; }
        @Override Kind in() { return index.numeric ? Kind.NUM : Kind.STR; }
        @Override Kind out() { return Kind.NUM; }

        @Override
        void apply(Row r, double[] out, int offset) {
            int position = index.lookup(r);
            r.x = position >= 0 ? shares[position] : 0.0;
        }

        @Override
        void write(ObjectNode state) {
            writeCategories(state, index);
            ArrayNode array = state.putArray("shares");
            for (double share : shares) {
                array.add(share);
            }
        }
    }

    /** A 1 in the FNV-1a bucket of the value's text (a number's category name). */
    static final class Hashing extends Op {
        final int buckets;
        final Kind kind;

        Hashing(int buckets, Kind kind) {
            this.buckets = buckets;
            this.kind = kind;
        }

        @Override String name() { return "hashing"; }
        @Override Kind in() { return kind; }
        @Override Kind out() { return null; }
        @Override int width() { return buckets; }

        @Override
        List<String> names(String column) {
            List<String> names = new ArrayList<>(buckets);
            for (int i = 0; i < buckets; i++) {
                names.add(column + "#" + i);
            }
            return names;
        }

        @Override
        void apply(Row r, double[] out, int offset) {
            for (int i = 0; i < buckets; i++) {
                out[offset + i] = 0.0;
            }
            String text = kind == Kind.STR ? r.s : Double.isNaN(r.x) ? null : Values.name(r.x);
            if (text != null) {
                out[offset + Fnv1a.bucket(text, buckets)] = 1.0;
            }
        }

        @Override
        void write(ObjectNode state) {
            state.put("buckets", buckets).put("input", kind == Kind.STR ? "text" : "number");
        }
    }
}
