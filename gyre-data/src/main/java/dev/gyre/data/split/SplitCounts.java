package dev.gyre.data.split;

/**
 * Row counts per split.
 *
 * @param train      rows in train
 * @param validation rows in validation (0 when the spec has none)
 * @param test       rows in test
 */
public record SplitCounts(int train, int validation, int test) {

    /** All rows. */
    public int total() {
        return train + validation + test;
    }

    @Override
    public String toString() {
        return "train " + train + ", validation " + validation + ", test " + test;
    }
}
