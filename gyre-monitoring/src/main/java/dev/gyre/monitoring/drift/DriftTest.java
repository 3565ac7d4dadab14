package dev.gyre.monitoring.drift;

/** A two-sample drift test: reference sample against current sample, with a threshold for the verdict. */
public interface DriftTest {

    /** Short name used in results and overrides, for example {@code "ks"}. */
    String name();

    /** Whether the verdict comes from a p-value (and multiple-testing correction applies to it). */
    boolean usesPValue();

    /** The threshold used when none is given: 0.05 for p-value tests, 0.1 for distances. */
    double defaultThreshold();

    DriftResult test(Column reference, Column current, double threshold);

    default DriftResult test(Column reference, Column current) {
        return test(reference, current, defaultThreshold());
    }
}
