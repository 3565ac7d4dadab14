package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gyre.core.GyreException;
import dev.gyre.tracking.audit.AuditRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read rules of {@link DataVersionService#openForRead}: the sealed test split and failed validation. */
abstract class SealedSplitContract extends DataVersionFixture {

    DataVersion clean;
    DataVersion train;
    DataVersion test;

    @BeforeEach
    void split() {
        clean = add("titanic-clean", "all rows", null);
        train = add("titanic-train", "train rows", NewVersion.file(sha("train rows"), 10, "csv").withStep("split")
                .withSplitRole(SplitRole.TRAIN).withParents(clean.id()));
        test = add("titanic-test", "test rows", NewVersion.file(sha("test rows"), 9, "csv").withStep("split")
                .withSplitRole(SplitRole.TEST).withParents(clean.id()));
    }

    @Test
    void testSplitIsRefusedForTrainingFeatureFittingAndExploration() {
        for (ReadPurpose purpose : List.of(ReadPurpose.TRAINING, ReadPurpose.FEATURE_FITTING, ReadPurpose.EXPLORATION)) {
            assertThatThrownBy(() -> service.openForRead("titanic", "titanic-test@1", purpose, alice))
                    .as(purpose.name())
                    .isInstanceOf(GyreException.PermissionDenied.class)
                    .hasMessageContaining("'titanic-test@1' is a test split")
                    .hasMessageContaining("the test split is sealed: only the validation stage reads it");
        }
        assertThatThrownBy(() -> service.openForRead("titanic", "titanic-test@latest", ReadPurpose.TRAINING, alice))
                .isInstanceOf(GyreException.PermissionDenied.class);

        List<AuditRecord> refusals = audit.listForEntity("data_version", "titanic-test@1").stream()
                .filter(r -> r.event().action().equals("data_version.read_refused")).toList();
        assertThat(refusals).hasSize(4);
        assertThat(refusals.get(0).event().actorName()).isEqualTo("alice");
        assertThat(refusals.get(0).event().afterJson()).contains("\"purpose\":\"training\"");
        assertThat(service.reads(test.id(), alice)).isEmpty();
    }

    @Test
    void validationReadsOfTheTestSplitAreGrantedAndEachIsLogged() {
        ReadGrant first = service.openForRead("titanic", "titanic-test@1", ReadPurpose.VALIDATION, alice);
        ReadGrant second = service.openForRead("titanic", VersionRef.latest("titanic-test"), ReadPurpose.VALIDATION, bob);

        assertThat(first.version()).isEqualTo(test);
        assertThat(first.blobSha256()).isEqualTo(sha("test rows"));
        assertThat(first.format()).isEqualTo("csv");
        assertThat(first.readId()).isNotNull();
        assertThat(second.readId()).isGreaterThan(first.readId());
        assertThat(service.reads(test.id(), bob))
                .extracting(DataRead::id, DataRead::purpose, DataRead::userName, DataRead::readAt)
                .containsExactly(
                        tuple(first.readId(), ReadPurpose.VALIDATION, "alice",
                                Instant.parse("2030-01-02T03:04:05.123456Z")),
                        tuple(second.readId(), ReadPurpose.VALIDATION, "bob",
                                Instant.parse("2030-01-02T03:04:05.123456Z")));
    }

    @Test
    void theVersionATestSplitWasMadeFromCannotBeTrainedOnButTheTrainSplitCan() {
        DataVersion enriched = add("titanic-enriched", "enriched rows", NewVersion.file(sha("enriched rows"), 13, "csv")
                .withParents(add("titanic-raw", "raw rows", null).id()));
        add("titanic-test2", "test2 rows", NewVersion.file(sha("test2 rows"), 10, "csv")
                .withSplitRole(SplitRole.TEST).withParents(add("titanic-joined", "joined", NewVersion
                        .file(sha("joined"), 6, "csv").withParents(enriched.id())).id()));

        assertThatThrownBy(() -> service.openForRead("titanic", "titanic-clean@1", ReadPurpose.TRAINING, alice))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("contains the rows of the test split 'titanic-test@1'")
                .hasMessageContaining("use the train split made from it");
        assertThatThrownBy(() -> service.openForRead("titanic", "titanic-raw@1", ReadPurpose.FEATURE_FITTING, alice))
                .as("two steps above a test split").isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("'titanic-test2@1'");
        assertThat(service.openForRead("titanic", "titanic-clean@1", ReadPurpose.EXPLORATION, alice).readId()).isNull();
        ReadGrant training = service.openForRead("titanic", "titanic-train@1", ReadPurpose.TRAINING, alice);
        assertThat(training.version()).isEqualTo(train);
        assertThat(training.readId()).isNull();
        assertThat(service.reads(train.id(), alice)).isEmpty();
    }

    @Test
    void failedValidationBlocksTrainingUntilAnOverrideWithAReasonForThatRound() {
        DataVersion failed = service.setStatus(train.id(), VersionStatus.FAILED, "{\"failed\":[\"age >= 0\"]}", carol);
        assertThat(failed.status()).isEqualTo(VersionStatus.FAILED);
        assertThat(failed.validationRound()).isEqualTo(1);
        assertThat(service.validationReport(train.id(), bob)).contains("{\"failed\":[\"age >= 0\"]}");
        assertThatThrownBy(() -> service.openForRead("titanic", "titanic-train@1", ReadPurpose.TRAINING, alice))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("failed validation");
        assertThat(service.openForRead("titanic", "titanic-train@1", ReadPurpose.EXPLORATION, alice)).isNotNull();

        assertThatThrownBy(() -> service.overrideFailed(train.id(), "  ", alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> service.overrideFailed(train.id(), "fine", bob))
                .isInstanceOf(GyreException.PermissionDenied.class);
        ValidationOverride override = service.overrideFailed(train.id(), " Negative ages are a known export bug ", alice);

        assertThat(override.reason()).isEqualTo("Negative ages are a known export bug");
        assertThat(override.validationRound()).isEqualTo(1);
        assertThat(override.createdByName()).isEqualTo("alice");
        assertThat(service.overrides(train.id(), bob)).containsExactly(override);
        assertThat(service.openForRead("titanic", "titanic-train@1", ReadPurpose.TRAINING, alice).version().status())
                .isEqualTo(VersionStatus.FAILED);
        assertThat(audit.listForEntity("data_version", "titanic-train@1")).extracting(r -> r.event().action())
                .contains("data_version.validate", "data_version.override");

        service.setStatus(train.id(), VersionStatus.FAILED, "{\"failed\":[\"fare > 0\"]}", carol);
        assertThatThrownBy(() -> service.openForRead("titanic", "titanic-train@1", ReadPurpose.FEATURE_FITTING, alice))
                .as("a new failing round needs a new override").isInstanceOf(GyreException.PermissionDenied.class);

        DataVersion passed = service.setStatus(train.id(), VersionStatus.VALIDATED, null, carol);
        assertThat(passed.validationRound()).isEqualTo(3);
        assertThat(service.openForRead("titanic", "titanic-train@1", ReadPurpose.TRAINING, alice)).isNotNull();
        assertThatThrownBy(() -> service.overrideFailed(train.id(), "why not", alice))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("has status validated");
    }

    @Test
    void validationResultsAreCheckedAndNeedWriteAccess() {
        assertThatThrownBy(() -> service.setStatus(train.id(), VersionStatus.UNVALIDATED, null, alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("cannot be set back");
        assertThatThrownBy(() -> service.setStatus(train.id(), VersionStatus.FAILED, "{oops", alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> service.setStatus(train.id(), VersionStatus.VALIDATED, null, bob))
                .isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> service.setStatus(99_999, VersionStatus.VALIDATED, null, alice))
                .isInstanceOf(GyreException.NotFound.class);
        assertThat(service.version(train.id(), bob).status()).isEqualTo(VersionStatus.UNVALIDATED);
    }
}
