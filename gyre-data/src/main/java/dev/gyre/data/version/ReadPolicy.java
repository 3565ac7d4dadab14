package dev.gyre.data.version;

import java.util.Objects;
import java.util.Optional;

/** The read rules of {@link ReadPurpose}, as a function of what the store knows; no I/O. */
final class ReadPolicy {

    /**
     * The decision about one read.
     *
     * @param granted whether the read may happen
     * @param logged  whether a granted read goes to the read log (reads of sealed versions)
     * @param refusal why it was refused, phrased for the user; {@code null} when granted
     */
    record Decision(boolean granted, boolean logged, String refusal) {
        static Decision grant(boolean logged) {
            return new Decision(true, logged, null);
        }

        static Decision refuse(String why) {
            return new Decision(false, false, Objects.requireNonNull(why));
        }
    }

    private static final String SEAL = "the test split is sealed: only the validation stage reads it (purpose"
            + " 'validation', and every such read is logged)";

    private ReadPolicy() {
    }

    /**
     * Decides a read.
     *
     * @param version          the version to read
     * @param purpose          what for
     * @param overridden       whether an override covers the version's latest validation round
     * @param sealedDescendant a test split made from the version, directly or through other versions; only
     *                         looked at for purposes that {@linkplain ReadPurpose#fits() fit}
     */
    static Decision decide(DataVersion version, ReadPurpose purpose, boolean overridden,
                           Optional<DataVersion> sealedDescendant) {
        String ref = "'" + version.ref() + "'";
        if (version.isSealed()) {
            if (purpose == ReadPurpose.VALIDATION) {
                return Decision.grant(true);
            }
            if (purpose == ReadPurpose.EXPLORATION) {
                return Decision.refuse("Data version " + ref + " is a test split, and " + SEAL + ". Exploring it"
                        + " would let what you see of the test rows shape the model; explore the train or validation"
                        + " split instead.");
            }
            return Decision.refuse("Data version " + ref + " is a test split, and " + SEAL + ". It cannot be read"
                    + " for " + words(purpose) + "; use the train split for that, and the validation split for"
                    + " tuning.");
        }
        if (purpose.fits() && sealedDescendant.isPresent()) {
            return Decision.refuse("Data version " + ref + " contains the rows of the test split '"
                    + sealedDescendant.get().ref() + "', which was made from it, and " + SEAL + ". So " + ref
                    + " cannot be read for " + words(purpose) + "; use the train split made from it instead.");
        }
        if (purpose.fits() && version.status() == VersionStatus.FAILED && !overridden) {
            return Decision.refuse("Data version " + ref + " failed validation, so it cannot be read for "
                    + words(purpose) + ". Fix the data and add a new version, or, if the failure is acceptable, have"
                    + " someone with write access to the project's data record an override with the reason.");
        }
        return Decision.grant(false);
    }

    private static String words(ReadPurpose purpose) {
        return purpose.wireName().replace('_', ' ');
    }
}
