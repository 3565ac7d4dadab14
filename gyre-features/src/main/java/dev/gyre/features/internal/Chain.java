package dev.gyre.features.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One feature column's fitted steps and where they write: the column's main output first (its final
 * number, or the block of its last one-hot or hashing step), then the missing indicator, if any.
 * Immutable and thread-safe.
 */
final class Chain {
    final String column;
    final int slot;
    final Kind kind;
    final Op[] ops;
    private final int[] offsets;
    private final int mainOffset;
    final List<String> names;

    /**
     * @param start the index of the chain's first output column
     */
    Chain(String column, int slot, Kind kind, List<Op> ops, int start) {
        this.column = column;
        this.slot = slot;
        this.kind = kind;
        this.ops = ops.toArray(new Op[0]);
        this.offsets = new int[this.ops.length];
        List<String> names = new ArrayList<>();
        Op last = this.ops.length == 0 ? null : this.ops[this.ops.length - 1];
        int next = start;
        if (last != null && last.out() == null) {
            offsets[this.ops.length - 1] = next;
            next += last.width();
            names.addAll(last.names(column));
            mainOffset = -1;
        } else {
            mainOffset = next++;
            names.add(column);
        }
        for (int i = 0; i < this.ops.length; i++) {
            if (this.ops[i].out() != null && this.ops[i].width() > 0) {
                offsets[i] = next;
                next += this.ops[i].width();
                names.addAll(this.ops[i].names(column));
            }
        }
        this.names = List.copyOf(names);
    }

    int width() {
        return names.size();
    }

    void run(Row r, double[] out) {
        if (kind == Kind.STR) {
            r.s = r.str[slot];
        } else {
            r.x = r.num[slot];
        }
        for (int i = 0; i < ops.length; i++) {
            ops[i].apply(r, out, offsets[i]);
        }
        if (mainOffset >= 0) {
            out[mainOffset] = r.x;
        }
    }
}
