package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision table of {@link ReadPurpose}, without a database. */
class ReadPolicyTest {

    private static final DataVersion TEST_SPLIT = version("titanic-test", SplitRole.TEST, VersionStatus.VALIDATED);
    private static final DataVersion TRAIN_SPLIT = version("titanic-train", SplitRole.TRAIN, VersionStatus.VALIDATED);
    private static final DataVersion SOURCE = version("titanic-clean", null, VersionStatus.VALIDATED);
    private static final DataVersion FAILED = version("titanic-raw", null, VersionStatus.FAILED);

    @Test
    void testSplitIsReadOnlyForValidationAndThoseReadsAreLogged() {
        for (ReadPurpose purpose : ReadPurpose.values()) {
            ReadPolicy.Decision decision = ReadPolicy.decide(TEST_SPLIT, purpose, true, Optional.empty());
            assertThat(decision.granted()).as(purpose.name()).isEqualTo(purpose == ReadPurpose.VALIDATION);
            if (!decision.granted()) {
                assertThat(decision.refusal()).contains("the test split is sealed: only the validation stage reads it");
            }
        }
        assertThat(ReadPolicy.decide(TEST_SPLIT, ReadPurpose.VALIDATION, false, Optional.empty()).logged()).isTrue();
    }

    @Test
    void sourcesOfATestSplitCannotBeFittedOnButCanBeExplored() {
        Optional<DataVersion> sealed = Optional.of(TEST_SPLIT);

        assertThat(ReadPolicy.decide(SOURCE, ReadPurpose.TRAINING, false, sealed).refusal())
                .contains("contains the rows of the test split 'titanic-test@1'")
                .contains("use the train split made from it");
        assertThat(ReadPolicy.decide(SOURCE, ReadPurpose.FEATURE_FITTING, false, sealed).granted()).isFalse();
        assertThat(ReadPolicy.decide(SOURCE, ReadPurpose.EXPLORATION, false, sealed).granted()).isTrue();
        assertThat(ReadPolicy.decide(SOURCE, ReadPurpose.VALIDATION, false, sealed).granted()).isTrue();
        assertThat(ReadPolicy.decide(TRAIN_SPLIT, ReadPurpose.TRAINING, false, Optional.empty()))
                .isEqualTo(ReadPolicy.Decision.grant(false));
    }

    @Test
    void failedVersionsNeedAnOverrideToBeFittedOn() {
        assertThat(ReadPolicy.decide(FAILED, ReadPurpose.TRAINING, false, Optional.empty()).refusal())
                .contains("failed validation").contains("record an override");
        assertThat(ReadPolicy.decide(FAILED, ReadPurpose.FEATURE_FITTING, false, Optional.empty()).granted()).isFalse();
        assertThat(ReadPolicy.decide(FAILED, ReadPurpose.TRAINING, true, Optional.empty()).granted()).isTrue();
        assertThat(ReadPolicy.decide(FAILED, ReadPurpose.EXPLORATION, false, Optional.empty()).granted()).isTrue();
        assertThat(ReadPolicy.decide(FAILED, ReadPurpose.VALIDATION, false, Optional.empty()).granted()).isTrue();
    }

    private static DataVersion version(String name, SplitRole role, VersionStatus status) {
        return new DataVersion(1, 1, 1, name, 1, "ab".repeat(32), VersionKind.FILE, "csv", 10, 1, null, null,
                List.of(), role, status, 1, null, 5L, 1L, Instant.EPOCH);
    }
}
