package dev.gyre.monitoring.testing;

import java.util.Random;

/** Test support for DataSketches. */
public final class Sketches {
    private Sketches() {
    }

    /**
     * Seeds the one random generator DataSketches' KLL sketches compact with (a static field of the library), so a
     * test's sketches — and the errors it asserts bounds on — are the same in every run. The bounds hold with high
     * probability, not always; without a seed a rare draw fails a run that says nothing about the code.
     */
    public static void seed(long seed) {
        try {
            java.lang.reflect.Field field = org.apache.datasketches.kll.KllSketch.class.getDeclaredField("random");
            field.setAccessible(true);
            ((Random) field.get(null)).setSeed(seed);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DataSketches' KLL random generator moved: update Sketches.seed", e);
        }
    }
}
