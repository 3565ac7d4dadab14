package dev.gyre.tracking.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.tracking.audit.AuditEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link RegistryService} contract; run once per database by the subclasses. */
abstract class RegistryServiceContract {

    private static final String ROOT = "s3://bucket/gyre";

    @TempDir
    Path tempDir;

    private Database database;
    private RegistryService registry;
    private final List<AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> projectApprovers = Collections.synchronizedSet(new HashSet<>());
    private User alice;
    private User bob;
    private User carol;
    private long projectId;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        JdbcUserStore users = new JdbcUserStore(database);
        alice = users.create("alice", Role.DATA_SCIENTIST, null);
        bob = users.create("bob", Role.ML_ENGINEER, null);
        carol = users.create("carol", Role.VIEWER, null);
        projectId = database.jdbi().withHandle(h -> h.createUpdate(
                        "INSERT INTO projects (name, created_at) VALUES ('fraud', CURRENT_TIMESTAMP)")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        projectApprovers.add(bob.id());
        InMemoryRunLineage runs = new InMemoryRunLineage()
                .add(new RunFacts("run1", "7", projectId, "alice", "0a1b2c3d",
                        List.of(new DatasetInput("transactions", "sha256:aa"), new DatasetInput("labels", null)),
                        3, ROOT + "/7/run1/artifacts"))
                .add(new RunFacts("run2", "7", projectId, "alice", null, List.of(), null,
                        "mlflow-artifacts:/7/run2/artifacts"));
        Approvers approvers = (project, user) -> project == null
                ? Approvers.byPlatformRole().mayApprove(null, user)
                : projectApprovers.contains(user.id());
        registry = new RegistryService(database, new SourceResolver(ROOT, runs), runs, approvers,
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), audit::add);
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    private ModelVersion version(String model) {
        return registry.createModelVersion(model, "mlflow-artifacts:/models/" + model, null, null, null, null, alice);
    }

    // ---------------------------------------------------------------- registered models

    @Test
    void createdModelIsReadBackWithTagsAndProject() {
        registry.createRegisteredModel("fraud-detector", Map.of("team", "risk"), "flags fraud", projectId, alice);

        RegisteredModel model = registry.getRegisteredModel("fraud-detector");
        assertThat(model.tags()).containsExactly(Map.entry("team", "risk"));
        assertThat(model.description()).isEqualTo("flags fraud");
        assertThat(model.projectId()).isEqualTo(projectId);
        assertThat(model.creationTimestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
        assertThat(audit).extracting(AuditEvent::action).containsExactly("registered_model.create");
    }

    @Test
    void duplicateModelNameIsAlreadyExists() {
        registry.createRegisteredModel("m", null, null, null, alice);
        assertThatThrownBy(() -> registry.createRegisteredModel("m", null, null, null, bob))
                .isInstanceOf(GyreException.AlreadyExists.class)
                .hasMessageContaining("'m' already exists");
    }

    @Test
    void missingModelAndVersionAreNotFound() {
        assertThatThrownBy(() -> registry.getRegisteredModel("nope")).isInstanceOf(GyreException.NotFound.class);
        registry.createRegisteredModel("m", null, null, null, alice);
        assertThatThrownBy(() -> registry.getModelVersion("m", 1)).isInstanceOf(GyreException.NotFound.class);
        assertThatThrownBy(() -> registry.createRegisteredModel("x", null, null, 999_999L, alice))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void renameCarriesVersionsAndAliasesAlong() {
        registry.createRegisteredModel("old", null, null, null, alice);
        version("old");
        registry.setAlias("old", "champion", 1, alice);

        registry.renameRegisteredModel("old", "new", alice);

        assertThat(registry.getModelVersionByAlias("new", "champion").name()).isEqualTo("new");
        assertThatThrownBy(() -> registry.getRegisteredModel("old")).isInstanceOf(GyreException.NotFound.class);
        registry.createRegisteredModel("other", null, null, null, alice);
        assertThatThrownBy(() -> registry.renameRegisteredModel("other", "new", alice))
                .isInstanceOf(GyreException.AlreadyExists.class);
    }

    @Test
    void deletingModelDeletesVersionsTagsAndAliases() {
        registry.createRegisteredModel("m", Map.of("k", "v"), null, null, alice);
        version("m");
        registry.setModelVersionTag("m", 1, "k", "v", alice);
        registry.setAlias("m", "champion", 1, alice);

        registry.deleteRegisteredModel("m", alice);
        registry.createRegisteredModel("m", null, null, null, alice);

        RegisteredModel fresh = registry.getRegisteredModel("m");
        assertThat(fresh.tags()).isEmpty();
        assertThat(fresh.aliases()).isEmpty();
        assertThat(fresh.latestVersions()).isEmpty();
        assertThat(version("m").version()).isEqualTo(1);
    }

    @Test
    void tagsFollowMlflowLimits() {
        registry.createRegisteredModel("m", null, null, null, alice);
        registry.setRegisteredModelTag("m", "k".repeat(250), "v".repeat(5000), alice);
        assertThatThrownBy(() -> registry.setRegisteredModelTag("m", "k".repeat(251), "v", alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("limit is 250");
        assertThatThrownBy(() -> registry.setRegisteredModelTag("m", "k", "v".repeat(5001), alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("limit is 5000");

        registry.setRegisteredModelTag("m", "k", "one", alice);
        registry.setRegisteredModelTag("m", "k", "two", alice);
        assertThat(registry.getRegisteredModel("m").tags()).containsEntry("k", "two");
        registry.deleteRegisteredModelTag("m", "k", alice);
        assertThat(registry.getRegisteredModel("m").tags()).doesNotContainKey("k");
        assertThatThrownBy(() -> registry.deleteRegisteredModelTag("m", "k", alice))
                .isInstanceOf(GyreException.NotFound.class);
    }

    // ---------------------------------------------------------------- versions

    @Test
    void concurrentCreatesGetVersionsOneToEightWithoutDuplicates() throws Exception {
        registry.createRegisteredModel("m", null, null, null, alice);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Integer> create = () -> {
                    start.await();
                    return version("m").version();
                };
                futures.add(pool.submit(create));
            }
            start.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> f : futures) {
                versions.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void versionNumbersAreNotReusedAfterDelete() {
        registry.createRegisteredModel("m", null, null, null, alice);
        version("m");
        version("m");
        registry.deleteModelVersion("m", 2, alice);
        assertThat(version("m").version()).isEqualTo(3);
        assertThatThrownBy(() -> registry.getModelVersion("m", 2)).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void versionFromRunSourceCarriesLineage() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        ModelVersion v = registry.createModelVersion("m", "runs:/run1/model", null, Map.of("k", "v"),
                "http://ui/run1", "first", alice);

        assertThat(v.version()).isEqualTo(1);
        assertThat(v.runId()).isEqualTo("run1");
        assertThat(v.storageLocation()).isEqualTo("7/run1/artifacts/model");
        assertThat(v.status()).isEqualTo(ModelVersionStatus.READY);
        assertThat(v.currentStage()).isEqualTo(ModelVersionStage.NONE);
        assertThat(v.userId()).isEqualTo("alice");
        assertThat(v.tags()).containsEntry("k", "v");
        assertThat(v.lineage().gitCommit()).isEqualTo("0a1b2c3d");
        assertThat(v.lineage().charterVersion()).isEqualTo(3);
        assertThat(v.lineage().createdBy()).isEqualTo(alice.id());
        assertThat(v.lineage().datasets()).containsExactly(new DatasetInput("transactions", "sha256:aa"),
                new DatasetInput("labels", null));
        assertThat(registry.getModelVersion("m", 1)).isEqualTo(v);
        assertThat(registry.getModelVersionDownloadUri("m", 1)).isEqualTo("mlflow-artifacts:/7/run1/artifacts/model");
    }

    @Test
    void versionWithRefusedSourceOrUnknownRunIsNotCreated() {
        registry.createRegisteredModel("m", null, null, null, alice);
        assertThatThrownBy(() -> registry.createModelVersion("m", "file:///etc/passwd", null, null, null, null, alice))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> registry.createModelVersion("m", "mlflow-artifacts:/x", "ghost", null, null, null, alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("'ghost' does not exist");
        assertThatThrownBy(() -> registry.createModelVersion("m", "runs:/run1/model", "run2", null, null, null, alice))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThat(registry.getRegisteredModel("m").latestVersions()).isEmpty();
    }

    @Test
    void stageTransitionArchivesOtherVersionsWhenAsked() {
        registry.createRegisteredModel("m", null, null, null, alice);
        version("m");
        version("m");
        version("m");
        registry.transitionModelVersionStage("m", 1, "production", false, alice);
        registry.transitionModelVersionStage("m", 2, "Production", false, alice);
        assertThat(registry.getLatestVersions("m", List.of("Production"))).extracting(ModelVersion::version)
                .containsExactly(2);

        registry.transitionModelVersionStage("m", 3, "Production", true, alice);

        assertThat(registry.getModelVersion("m", 1).currentStage()).isEqualTo(ModelVersionStage.ARCHIVED);
        assertThat(registry.getModelVersion("m", 2).currentStage()).isEqualTo(ModelVersionStage.ARCHIVED);
        assertThat(registry.getLatestVersions("m", null)).extracting(v -> v.currentStage() + ":" + v.version())
                .containsExactly("Production:3", "Archived:2");
        assertThat(registry.getRegisteredModel("m").latestVersions()).hasSize(2);
        assertThatThrownBy(() -> registry.transitionModelVersionStage("m", 1, "Shipping", false, alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("Staging");
    }

    // ---------------------------------------------------------------- aliases

    @Test
    void aliasMovesBetweenVersionsAndDisappearsWithItsVersion() {
        registry.createRegisteredModel("m", null, null, null, alice);
        version("m");
        version("m");
        registry.setAlias("m", "champion", 1, alice);
        registry.setAlias("m", "champion", 2, alice);

        assertThat(registry.getModelVersionByAlias("m", "champion").version()).isEqualTo(2);
        assertThat(registry.getModelVersion("m", 2).aliases()).containsExactly("champion");
        assertThat(registry.getModelVersion("m", 1).aliases()).isEmpty();
        assertThat(registry.getRegisteredModel("m").aliases()).containsExactly(new RegisteredModelAlias("champion", 2));

        registry.deleteModelVersion("m", 2, alice);
        assertThatThrownBy(() -> registry.getModelVersionByAlias("m", "champion"))
                .isInstanceOf(GyreException.NotFound.class);
        assertThatThrownBy(() -> registry.setAlias("m", "champion", 9, alice))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void reservedAndOverlongAliasesAreInvalid() {
        registry.createRegisteredModel("m", null, null, null, alice);
        version("m");
        for (String alias : List.of("latest", "LATEST", "v1", "V12", "a".repeat(256))) {
            assertThatThrownBy(() -> registry.setAlias("m", alias, 1, alice))
                    .as(alias).isInstanceOf(GyreException.InvalidArgument.class);
        }
        registry.setAlias("m", "v1beta", 1, alice);
        registry.setAlias("m", "a".repeat(255), 1, alice);
        assertThat(registry.getRegisteredModel("m").aliases()).hasSize(2);
    }

    // ---------------------------------------------------------------- search

    @Test
    void searchesModelsByNamePatternsAndTagsWithPaging() {
        registry.createRegisteredModel("fraud-a", Map.of("team", "risk"), null, null, alice);
        registry.createRegisteredModel("fraud-b", Map.of("team", "growth"), null, null, alice);
        registry.createRegisteredModel("Fraud-C", Map.of("team", "risk"), null, null, alice);
        registry.createRegisteredModel("churn", null, null, null, alice);

        assertThat(names(registry.searchRegisteredModels("name = 'churn'", null, null, null)))
                .containsExactly("churn");
        assertThat(names(registry.searchRegisteredModels("name LIKE 'fraud%'", null, null, null)))
                .containsExactly("fraud-a", "fraud-b");
        assertThat(names(registry.searchRegisteredModels("name ILIKE '%FRAUD%'", null, List.of("name DESC"), null)))
                .containsExactly("fraud-b", "fraud-a", "Fraud-C");
        assertThat(names(registry.searchRegisteredModels("tags.team = 'risk' AND name ILIKE 'fraud%'", null, null, null)))
                .containsExactly("Fraud-C", "fraud-a");
        assertThat(names(registry.searchRegisteredModels("tags.`team` != 'risk'", null, null, null)))
                .containsExactly("fraud-b");

        Page<RegisteredModel> first = registry.searchRegisteredModels(null, 3, null, null);
        assertThat(names(first)).containsExactly("Fraud-C", "churn", "fraud-a");
        Page<RegisteredModel> second = registry.searchRegisteredModels(null, 3, null, first.nextPageToken());
        assertThat(names(second)).containsExactly("fraud-b");
        assertThat(second.nextPageToken()).isNull();
    }

    @Test
    void malformedSearchesAreInvalidArguments() {
        for (String filter : List.of("name = ", "name ~ 'x'", "owner = 'x'", "name = 'x' OR name = 'y'",
                "name IN ('x')", "name = 'unterminated")) {
            assertThatThrownBy(() -> registry.searchRegisteredModels(filter, null, null, null))
                    .as(filter).isInstanceOf(GyreException.InvalidArgument.class);
        }
        assertThatThrownBy(() -> registry.searchRegisteredModels(null, 1001, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> registry.searchRegisteredModels(null, null, List.of("owner"), null))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> registry.searchRegisteredModels(null, null, null, "not-a-token"))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void searchesVersionsByNameRunIdAndTags() {
        registry.createRegisteredModel("a", null, null, null, alice);
        registry.createRegisteredModel("b", null, null, null, alice);
        registry.createModelVersion("a", "runs:/run1/model", null, Map.of("stage", "candidate"), null, null, alice);
        registry.createModelVersion("a", "runs:/run2/model", null, null, null, null, alice);
        registry.createModelVersion("b", "runs:/run2/model", null, null, null, null, alice);
        version("b");

        assertThat(keys(registry.searchModelVersions("name = 'a'", null, null, null))).containsExactly("a/2", "a/1");
        assertThat(keys(registry.searchModelVersions("run_id = 'run2'", null, null, null))).containsExactly("a/2", "b/1");
        assertThat(keys(registry.searchModelVersions("run_id IN ('run1', 'run2') AND name = 'a'", null,
                List.of("version_number ASC"), null))).containsExactly("a/1", "a/2");
        assertThat(keys(registry.searchModelVersions("tags.stage = 'candidate'", null, null, null))).containsExactly("a/1");
        assertThat(keys(registry.searchModelVersions("version_number = 2", null, null, null))).containsExactly("a/2", "b/2");
        Page<ModelVersion> page = registry.searchModelVersions(null, 3, null, null);
        assertThat(keys(page)).containsExactly("a/2", "a/1", "b/2");
        assertThat(keys(registry.searchModelVersions(null, 3, null, page.nextPageToken()))).containsExactly("b/1");
        assertThatThrownBy(() -> registry.searchModelVersions("run_id LIKE 'r%'", null, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    private static List<String> names(Page<RegisteredModel> page) {
        return page.items().stream().map(RegisteredModel::name).toList();
    }

    private static List<String> keys(Page<ModelVersion> page) {
        return page.items().stream().map(v -> v.name() + "/" + v.version()).toList();
    }

    // ---------------------------------------------------------------- four-eyes promotion

    @Test
    void productionAliasCannotBeSetDirectly() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        assertThatThrownBy(() -> registry.setAlias("m", "production", 1, bob))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("needs an approved promotion request: request one with");
        assertThatThrownBy(() -> registry.setAlias("m", "live", 1, bob, "live"))
                .isInstanceOf(GyreException.PermissionDenied.class);
        registry.createRegisteredModel("loose", null, null, null, alice);
        version("loose");
        assertThatThrownBy(() -> registry.setAlias("loose", "Production", 1, bob))
                .isInstanceOf(GyreException.PermissionDenied.class);
    }

    @Test
    void requesterCannotApproveOwnPromotion() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        projectApprovers.add(alice.id());
        PromotionRequest request = registry.requestPromotion("m", 1, "production", "beats v0", alice);

        assertThatThrownBy(() -> registry.approvePromotion(request.id(), alice, "looks fine"))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("A second person must approve");
        assertThat(registry.getPromotion(request.id()).status()).isEqualTo(PromotionStatus.PENDING);
    }

    @Test
    void approverWithoutApprovingRoleIsRefused() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        PromotionRequest request = registry.requestPromotion("m", 1, "production", null, alice);

        assertThatThrownBy(() -> registry.approvePromotion(request.id(), carol, null))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("approving role in project " + projectId);
        assertThatThrownBy(() -> registry.getModelVersionByAlias("m", "production"))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void approvalMovesAliasAndAuditShowsBothPeople() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        PromotionRequest request = registry.requestPromotion("m", 1, "production", "AUC 0.91 > 0.88", alice);
        assertThat(request.status()).isEqualTo(PromotionStatus.PENDING);
        audit.clear();

        PromotionRequest approved = registry.approvePromotion(request.id(), bob, "checked the fairness report");

        assertThat(approved.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(approved.requestedBy()).isEqualTo("alice");
        assertThat(approved.decidedBy()).isEqualTo("bob");
        assertThat(approved.decidedById()).isEqualTo(bob.id());
        assertThat(approved.decidedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(approved.decisionReason()).isEqualTo("checked the fairness report");
        assertThat(registry.getModelVersionByAlias("m", "production").version()).isEqualTo(1);
        assertThat(audit).extracting(AuditEvent::action).containsExactly("alias.set", "promotion.approve");
        AuditEvent decision = audit.get(1);
        assertThat(decision.actorName()).isEqualTo("bob");
        assertThat(decision.projectId()).isEqualTo(projectId);
        assertThat(decision.afterJson()).contains("\"requestedBy\":\"alice\"").contains("\"decidedBy\":\"bob\"")
                .contains("\"status\":\"APPROVED\"");
        assertThat(decision.beforeJson()).contains("\"status\":\"PENDING\"");
        assertThat(registry.listPromotions("m")).containsExactly(approved);
        assertThatThrownBy(() -> registry.approvePromotion(request.id(), bob, null))
                .isInstanceOf(GyreException.Conflict.class);
    }

    @Test
    void rejectedAndCancelledRequestsLeaveTheAliasAlone() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        PromotionRequest first = registry.requestPromotion("m", 1, "production", null, alice);
        PromotionRequest second = registry.requestPromotion("m", 1, "production", null, alice);

        assertThatThrownBy(() -> registry.rejectPromotion(first.id(), alice, null))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("cancel it instead");
        assertThat(registry.rejectPromotion(first.id(), bob, "no fairness report").status())
                .isEqualTo(PromotionStatus.REJECTED);
        assertThatThrownBy(() -> registry.cancelPromotion(second.id(), bob))
                .isInstanceOf(GyreException.PermissionDenied.class);
        assertThat(registry.cancelPromotion(second.id(), alice).status()).isEqualTo(PromotionStatus.CANCELLED);

        assertThat(registry.getRegisteredModel("m").aliases()).isEmpty();
        assertThat(registry.listPromotions("m")).extracting(PromotionRequest::status)
                .containsExactly(PromotionStatus.CANCELLED, PromotionStatus.REJECTED);
        assertThatThrownBy(() -> registry.approvePromotion(999_999L, bob, null)).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void modelWithoutProjectIsApprovedByPlatformRole() {
        registry.createRegisteredModel("loose", null, null, null, alice);
        version("loose");
        PromotionRequest request = registry.requestPromotion("loose", 1, "production", null, alice);
        assertThatThrownBy(() -> registry.approvePromotion(request.id(), carol, null))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("on the platform");

        registry.approvePromotion(request.id(), bob, null);

        assertThat(registry.getModelVersionByAlias("loose", "production").version()).isEqualTo(1);
        registry.deleteAlias("loose", "production", alice);
        assertThat(registry.getRegisteredModel("loose").aliases()).isEmpty();
    }

    // ---------------------------------------------------------------- validation gates

    private static ModelValidation.Outcome failedOverfitting() {
        return new ModelValidation.Outcome(List.of(
                new ModelValidation.Gate("success_metric", "passed", true, "roc_auc 0.87 >= 0.85"),
                new ModelValidation.Gate("overfitting", "failed", true, "gap 0.19 > 0.10 (train 0.99, test 0.80)"),
                new ModelValidation.Gate("fairness", "failed", false, "demographic_parity_ratio 0.3 < 0.8, report only")),
                List.of("features", "build"), "validations/m/1/report.json");
    }

    private static ModelValidation.Outcome allPassed() {
        return new ModelValidation.Outcome(List.of(
                new ModelValidation.Gate("success_metric", "passed", true, "roc_auc 0.88 >= 0.85"),
                new ModelValidation.Gate("champion", "not_applicable", false, "no version holds the alias")),
                List.of(), null);
    }

    @Test
    void aFailedBlockingGateKeepsTheVersionFromProductionAndSaysWhereToGoBack() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        audit.clear();
        ModelValidation recorded = registry.recordValidation("m", 1, failedOverfitting(), alice);

        assertThat(recorded.passed()).isFalse();
        assertThat(recorded.blockingFailures()).containsExactly("overfitting");   // fairness fails but only reports
        assertThat(recorded.createdBy()).isEqualTo("alice");
        assertThat(registry.getModelVersion("m", 1).tags()).containsEntry("gyre.validation.status", "failed")
                .containsEntry("gyre.validation.blocking_failures", "overfitting");
        assertThat(audit).extracting(AuditEvent::action).containsExactly("model_version.validate");
        assertThatThrownBy(() -> registry.requestPromotion("m", 1, "production", null, alice))
                .isInstanceOf(GyreException.Conflict.class)
                .hasMessageContaining("overfitting (gap 0.19 > 0.10 (train 0.99, test 0.80))")
                .hasMessageContaining("features / build")
                .hasMessageNotContaining("fairness");
        assertThat(registry.listPromotions("m")).isEmpty();
        // other aliases are not guarded
        assertThat(registry.requestPromotion("m", 1, "staging", null, alice).status()).isEqualTo(PromotionStatus.PENDING);

        // a newer validation that passes lifts the refusal
        registry.recordValidation("m", 1, allPassed(), bob);
        assertThat(registry.listValidations("m", 1)).extracting(ModelValidation::passed).containsExactly(true, false);
        assertThat(registry.getModelVersion("m", 1).tags()).containsEntry("gyre.validation.status", "passed");
        PromotionRequest request = registry.requestPromotion("m", 1, "production", null, alice);
        registry.approvePromotion(request.id(), bob, null);
        assertThat(registry.getModelVersionByAlias("m", "production").version()).isEqualTo(1);
    }

    @Test
    void approvalChecksTheGatesAgainWhenTheVersionFailedAfterTheRequest() {
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        PromotionRequest request = registry.requestPromotion("m", 1, "production", null, alice);
        registry.recordValidation("m", 1, failedOverfitting(), alice);

        assertThatThrownBy(() -> registry.approvePromotion(request.id(), bob, null))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("overfitting");
        assertThat(registry.getRegisteredModel("m").aliases()).isEmpty();
        assertThat(registry.getPromotion(request.id()).status()).isEqualTo(PromotionStatus.PENDING);
    }

    @Test
    void theProjectsOwnProductionAliasIsTheOneGuarded() {
        database.jdbi().useHandle(h -> h.execute("UPDATE projects SET production_alias = 'live' WHERE id = ?", projectId));
        registry.createRegisteredModel("m", null, null, projectId, alice);
        version("m");
        registry.recordValidation("m", 1, failedOverfitting(), alice);
        assertThatThrownBy(() -> registry.requestPromotion("m", 1, "live", null, alice))
                .isInstanceOf(GyreException.Conflict.class);
        assertThat(registry.requestPromotion("m", 1, "production", null, alice).status())
                .isEqualTo(PromotionStatus.PENDING);
        assertThatThrownBy(() -> registry.recordValidation("m", 9, allPassed(), alice))
                .isInstanceOf(GyreException.NotFound.class);
    }
}
