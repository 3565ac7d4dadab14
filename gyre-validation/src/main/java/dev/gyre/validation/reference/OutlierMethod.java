package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;

/** How an {@link OutlierDetector} scores rows. */
public enum OutlierMethod {
    /** {@link IsolationForest}: the default. */
    ISOLATION_FOREST("isolation_forest"),
    /** {@link MahalanobisDetector}: squared distance under a shrunk covariance. */
    MAHALANOBIS("mahalanobis");

    private final String wireName;

    OutlierMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in stored detectors and options. */
    public String wireName() {
        return wireName;
    }

    /**
     * The method of a wire name.
     *
     * @throws GyreException.InvalidArgument for an unknown name
     */
    public static OutlierMethod fromWireName(String name) {
        for (OutlierMethod method : values()) {
            if (method.wireName.equals(name)) {
                return method;
            }
        }
        throw new GyreException.InvalidArgument("Unknown outlier method '" + name
                + "'; use isolation_forest or mahalanobis.");
    }
}
