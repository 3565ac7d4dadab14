package dev.gyre.data.split;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a split did, to record next to it.
 *
 * @param method       the method used
 * @param seed         the seed of the shuffle (recorded for time splits too, where it is not used)
 * @param column       the target (stratified) or time column; {@code null} for random splits
 * @param counts       rows per split
 * @param classes      for stratified splits, each class (as text, in sorted order) → its rows per split;
 *                     empty for the other methods
 * @param smallClasses classes with too few rows to appear in every split with a non-zero fraction (their rows
 *                     went where the rounding put them, see {@link Splitter}); empty when there are none
 * @param notes        further details for humans: time boundaries, cuts moved to keep ties together, empty
 *                     splits
 */
public record SplitSummary(SplitMethod method, long seed, String column, SplitCounts counts,
                           Map<String, SplitCounts> classes, List<String> smallClasses, List<String> notes) {
    public SplitSummary {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(counts, "counts");
        classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
        smallClasses = List.copyOf(smallClasses);
        notes = List.copyOf(notes);
    }
}
