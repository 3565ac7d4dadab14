package dev.gyre.serving.deploy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The state of one named deployment: immutable; every change makes a new value.
 *
 * @param name            the deployment name, e.g. {@code titanic}
 * @param target          the model and alias or version it follows
 * @param primaryVersion  the version that answers unless the canary is drawn
 * @param canary          a second version taking a percentage of the traffic, if any
 * @param shadowVersion   a version that receives a copy of every request, its answers only logged, if any
 * @param stickyKey       the name of the request attribute (e.g. a header) whose value pins a caller to one side
 *                        of the canary split, if any
 * @param previousVersion the primary before the last retarget, promotion or rollback, the one {@code rollback}
 *                        returns to, if any
 */
public record Deployment(String name, DeploymentTarget target, int primaryVersion, Optional<Canary> canary,
                         OptionalInt shadowVersion, Optional<String> stickyKey, OptionalInt previousVersion) {

    /**
     * A canary: {@code percent} of the requests (0 to 100) go to {@code version}.
     *
     * @param version the canary version
     * @param percent the share of requests it answers, 0 to 100
     */
    public record Canary(int version, int percent) {
        /** Requires a positive version and a percentage from 0 to 100. */
        public Canary {
            requireVersion(version);
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("canary percentage must be 0 to 100, got " + percent);
            }
        }
    }

    /** Requires a name, a target, a positive primary version and present optionals. */
    public Deployment {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("deployment name must not be blank");
        }
        Objects.requireNonNull(target, "target");
        requireVersion(primaryVersion);
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(shadowVersion, "shadowVersion");
        Objects.requireNonNull(stickyKey, "stickyKey");
        Objects.requireNonNull(previousVersion, "previousVersion");
    }

    /** A new deployment serving {@code version} only. */
    public static Deployment of(String name, DeploymentTarget target, int version) {
        return new Deployment(name, target, version, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                OptionalInt.empty());
    }

    /** This deployment with {@code version} as primary and the old primary remembered for rollback. */
    public Deployment withPrimary(int version) {
        if (version == primaryVersion) {
            return this;
        }
        Optional<Canary> keep = canary.filter(c -> c.version() != version);
        return new Deployment(name, target, version, keep, shadowVersion, stickyKey, OptionalInt.of(primaryVersion));
    }

    /** This deployment with the given canary, or none. */
    public Deployment withCanary(Canary value) {
        return new Deployment(name, target, primaryVersion, Optional.ofNullable(value), shadowVersion, stickyKey,
                previousVersion);
    }

    /** This deployment with the given shadow version, or none when {@code null}. */
    public Deployment withShadow(Integer version) {
        return new Deployment(name, target, primaryVersion, canary,
                version == null ? OptionalInt.empty() : OptionalInt.of(requireVersion(version)), stickyKey,
                previousVersion);
    }

    /** This deployment with the given sticky key name, or none when {@code null}. */
    public Deployment withStickyKey(String key) {
        return new Deployment(name, target, primaryVersion, canary, shadowVersion, Optional.ofNullable(key),
                previousVersion);
    }

    /** This deployment following another target (the versions are changed separately). */
    public Deployment withTarget(DeploymentTarget value) {
        return new Deployment(name, value, primaryVersion, canary, shadowVersion, stickyKey, previousVersion);
    }

    private static int requireVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
        return version;
    }
}
