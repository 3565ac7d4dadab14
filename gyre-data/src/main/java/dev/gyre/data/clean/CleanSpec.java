package dev.gyre.data.clean;

import java.util.List;

/**
 * A cleaning recipe: steps applied in order by {@link Cleaner}. Usually read from YAML by
 * {@link CleanSpecParser}; immutable.
 *
 * @param steps the steps, first applied first; may be empty (the table passes through unchanged)
 */
public record CleanSpec(List<CleanStep> steps) {
    public CleanSpec {
        steps = List.copyOf(steps);
    }

    /** A spec of the given steps. */
    public static CleanSpec of(CleanStep... steps) {
        return new CleanSpec(List.of(steps));
    }
}
