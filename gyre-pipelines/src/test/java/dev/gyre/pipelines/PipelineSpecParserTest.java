package dev.gyre.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSpecParserTest {
    private final PipelineSpecParser parser = new PipelineSpecParser();

    static final String TITANIC = """
            pipeline: titanic
            max_iterations: 3
            steps:
              - id: ingest
                kind: ingest
                params: {source: examples/titanic/titanic.csv, dataset: passengers}
              - id: train
                kind: train
                params: {spec: examples/titanic/train.yaml, max_trials: 6}
                checkpoint:
                  when: "metrics.roc_auc >= 0.85"
                  on_fail: {goto: train, set: {max_trials: 24}}
              - id: promote
                kind: promote
                checkpoint: {when: "gates.passed == true", on_fail: {await_approval: {role: ml-engineer}}}
            """;

    private String error(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> parser.parse(yaml));
        assertThat(t).isInstanceOf(GyreException.InvalidArgument.class);
        return t.getMessage();
    }

    @Test
    void readsTheTitanicPipeline() {
        PipelineSpec spec = parser.parse(TITANIC);
        assertThat(spec.name()).isEqualTo("titanic");
        assertThat(spec.maxIterations()).isEqualTo(3);
        assertThat(spec.steps()).extracting(StepSpec::id).containsExactly("ingest", "train", "promote");
        assertThat(spec.steps()).extracting(StepSpec::kind)
                .containsExactly(StepKind.INGEST, StepKind.TRAIN, StepKind.PROMOTE);
        StepSpec train = spec.steps().get(1);
        assertThat(train.params()).containsEntry("max_trials", 6L).containsEntry("spec", "examples/titanic/train.yaml");
        assertThat(train.checkpoint().when().text()).isEqualTo("metrics.roc_auc >= 0.85");
        assertThat(train.checkpoint().onFail()).isEqualTo(new OnFail.Goto("train", Map.of("max_trials", 24L)));
        assertThat(spec.steps().get(2).checkpoint().onFail()).isEqualTo(new OnFail.AwaitApproval(Role.ML_ENGINEER));
        assertThat(spec.steps().get(0).checkpoint()).isNull();
        assertThat(spec.steps().get(2).params()).isEmpty();
    }

    @Test
    void readsTheSpecOfTheModulesReadme() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        PipelineSpec spec = parser.parse(readme.substring(start, readme.indexOf("```", start)));
        assertThat(spec.steps()).extracting(StepSpec::id).containsExactly("ingest", "clean", "train", "validate",
                "promote");
        assertThat(spec.steps().get(3).checkpoint().onFail()).isEqualTo(new OnFail.Stop());
    }

    @Test
    void defaultsIdToKindOnFailToStopAndMaxIterationsToOne() {
        PipelineSpec spec = parser.parse("""
                pipeline: p
                steps:
                  - kind: validate-data
                    checkpoint: {when: "report.passed"}
                """);
        assertThat(spec.maxIterations()).isEqualTo(1);
        assertThat(spec.steps().get(0).id()).isEqualTo("validate-data");
        assertThat(spec.steps().get(0).checkpoint().onFail()).isEqualTo(new OnFail.Stop());
        assertThat(parser.parse("pipeline: p\nsteps: [{kind: clean, checkpoint: {when: x, on_fail: {stop: true}}}]")
                .steps().get(0).checkpoint().onFail()).isEqualTo(new OnFail.Stop());
    }

    @Test
    void canonicalJsonReadsBackToTheSameSpecAndHash() {
        PipelineSpec spec = parser.parse(TITANIC);
        PipelineSpec again = parser.parse(spec.canonicalJson());
        assertThat(again).usingRecursiveComparison().isEqualTo(spec);
        assertThat(again.canonicalJson()).isEqualTo(spec.canonicalJson());
        assertThat(again.hash()).isEqualTo(spec.hash()).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(spec.canonicalJson()).startsWith("{\"max_iterations\":3,\"pipeline\":\"titanic\",\"steps\":[");
    }

    @Test
    void hashIgnoresKeyOrderAndLayoutButNotContent() {
        PipelineSpec reordered = parser.parse("""
                steps:
                  - params: {dataset: passengers, source: examples/titanic/titanic.csv}
                    kind: ingest
                    id: ingest
                  - {kind: train, id: train, params: {max_trials: 6.0, spec: examples/titanic/train.yaml},
                     checkpoint: {on_fail: {set: {max_trials: 24}, goto: train}, when: "metrics.roc_auc >= 0.85"}}
                  - {id: promote, kind: promote, checkpoint: {on_fail: {await_approval: {role: ml-engineer}},
                     when: "gates.passed == true"}}
                max_iterations: 3
                pipeline: titanic
                """);
        assertThat(reordered.hash()).isEqualTo(parser.parse(TITANIC).hash());
        assertThat(parser.parse(TITANIC.replace("max_trials: 24", "max_trials: 25")).hash())
                .isNotEqualTo(reordered.hash());
        assertThat(parser.parse(TITANIC.replace("max_iterations: 3", "max_iterations: 4")).hash())
                .isNotEqualTo(reordered.hash());
    }

    @Test
    void rejectsUnknownTopLevelKey() {
        assertThat(error("pipeline: p\nmax_iteration: 3\nsteps: [{kind: ingest}]"))
                .contains("Line 2", "field 'max_iteration'", "unknown key", "pipeline, max_iterations, steps");
    }

    @Test
    void rejectsUnknownStepKeyWithItsPath() {
        assertThat(error("pipeline: p\nsteps:\n  - kind: ingest\n  - kind: clean\n    parms: {a: 1}\n"))
                .contains("Line 5", "field 'steps[2].parms'", "id, kind, params, checkpoint");
    }

    @Test
    void rejectsUnknownKindListingTheKinds() {
        assertThat(error("pipeline: p\nsteps: [{id: t, kind: training}]"))
                .contains("field 'steps[1].kind'", "unknown kind 'training'", "ingest, validate-data, clean, split,"
                        + " features, train, validate-model, register, promote, deploy, monitor");
    }

    @Test
    void rejectsMissingKind() {
        assertThat(error("pipeline: p\nsteps: [{id: t}]")).contains("field 'steps[1].kind'", "missing");
    }

    @Test
    void rejectsDuplicateIdsNamingTheFirst() {
        assertThat(error("pipeline: p\nsteps:\n  - {id: a, kind: ingest}\n  - {id: b, kind: clean}\n"
                + "  - {id: a, kind: split}\n"))
                .contains("Line 5", "field 'steps[3].id'", "'a' is already used by steps[1]");
    }

    @Test
    void rejectsDuplicateIdsFromDefaultKinds() {
        assertThat(error("pipeline: p\nsteps: [{kind: clean}, {kind: clean}]"))
                .contains("steps[2].id", "'clean' is already used by steps[1]");
    }

    @Test
    void rejectsGotoToALaterStep() {
        String yaml = """
                pipeline: p
                max_iterations: 2
                steps:
                  - {id: ingest, kind: ingest}
                  - {id: train, kind: train, params: {n: 1}}
                  - id: validate
                    kind: validate-model
                    checkpoint: {when: "gates.passed", on_fail: {goto: deploy}}
                  - {id: deploy, kind: deploy}
                """;
        assertThat(error(yaml)).contains("Line 8", "field 'steps[3].checkpoint.on_fail.goto'",
                "'deploy' is not at or before step 'validate'", "one of ingest, train, validate");
    }

    @Test
    void rejectsGotoToNoStep() {
        assertThat(error("pipeline: p\nmax_iterations: 2\nsteps: [{id: a, kind: train, checkpoint: {when: x,"
                + " on_fail: {goto: b}}}]")).contains("steps[1].checkpoint.on_fail.goto", "'b' is not at or before");
    }

    @Test
    void acceptsGotoToTheCheckpointsOwnStepAndEarlierOnes() {
        PipelineSpec spec = parser.parse("pipeline: p\nmax_iterations: 2\nsteps:\n  - {id: a, kind: ingest,"
                + " params: {rows: 10}}\n  - {id: b, kind: train, checkpoint: {when: x, on_fail: {goto: a, set:"
                + " {rows: 20}}}}\n");
        assertThat(spec.steps().get(1).checkpoint().onFail()).isEqualTo(new OnFail.Goto("a", Map.of("rows", 20L)));
    }

    @Test
    void rejectsSetKeyTheTargetDoesNotHaveListingTheParams() {
        assertThat(error(PipelineSpecParserTest.TITANIC.replace("{max_trials: 24}", "{max_trails: 24}")))
                .contains("field 'steps[2].checkpoint.on_fail.set.max_trails'", "no parameter 'max_trails'",
                        "its params are spec, max_trials");
    }

    @Test
    void rejectsSetOnATargetWithoutParams() {
        assertThat(error("pipeline: p\nmax_iterations: 2\nsteps: [{id: a, kind: train, checkpoint: {when: x,"
                + " on_fail: {goto: a, set: {n: 2}}}}]")).contains("on_fail.set.n", "it has no params");
    }

    @Test
    void rejectsGotoWhenMaxIterationsIsOne() {
        assertThat(error(TITANIC.replace("max_iterations: 3\n", "")))
                .contains("steps[2].checkpoint.on_fail.goto", "max_iterations 1", "max_iterations: 3");
    }

    @Test
    void rejectsMaxIterationsBelowOne() {
        assertThat(error(TITANIC.replace("max_iterations: 3", "max_iterations: 0")))
                .contains("Line 2", "field 'max_iterations'", "is 0", "from 1");
        assertThat(error(TITANIC.replace("max_iterations: 3", "max_iterations: 2.5")))
                .contains("field 'max_iterations'", "whole number");
    }

    @Test
    void rejectsEmptyOrMissingSteps() {
        assertThat(error("pipeline: p\nsteps: []")).contains("field 'steps'", "no steps");
        assertThat(error("pipeline: p")).contains("field 'steps'", "no steps");
        assertThat(error("pipeline: p\nsteps: {kind: ingest}")).contains("field 'steps'", "must be a list");
    }

    @Test
    void rejectsMissingOrNonTextName() {
        assertThat(error("steps: [{kind: ingest}]")).contains("field 'pipeline'", "missing");
        assertThat(error("pipeline: [a]\nsteps: [{kind: ingest}]")).contains("field 'pipeline'", "got a list");
    }

    @Test
    void rejectsAConditionThatDoesNotParseWithColumn() {
        assertThat(error(TITANIC.replace("metrics.roc_auc >= 0.85", "metrics.roc_auc => 0.85")))
                .contains("Line 11", "field 'steps[2].checkpoint.when'", "column 17", "write '>='");
    }

    @Test
    void rejectsCheckpointWithoutWhen() {
        assertThat(error("pipeline: p\nsteps: [{kind: train, checkpoint: {on_fail: stop}}]"))
                .contains("steps[1].checkpoint.when", "missing");
    }

    @Test
    void rejectsOnFailThatNamesNoOrTwoActions() {
        assertThat(error("pipeline: p\nsteps: [{kind: train, checkpoint: {when: x, on_fail: retry}}]"))
                .contains("steps[1].checkpoint.on_fail", "must be stop, {goto");
        assertThat(error("pipeline: p\nmax_iterations: 2\nsteps: [{kind: train, checkpoint: {when: x,"
                + " on_fail: {stop: true, goto: train}}}]")).contains("names 2 actions (stop, goto)");
        assertThat(error("pipeline: p\nsteps: [{kind: train, checkpoint: {when: x, on_fail: {set: {a: 1}}}}]"))
                .contains("names no action");
    }

    @Test
    void rejectsAwaitApprovalWithoutRoleOrWithExtraKeys() {
        assertThat(error("pipeline: p\nsteps: [{kind: promote, checkpoint: {when: x, on_fail: {await_approval:"
                + " {}}}}]")).contains("steps[1].checkpoint.on_fail.await_approval.role", "missing");
        assertThat(error("pipeline: p\nsteps: [{kind: promote, checkpoint: {when: x, on_fail: {await_approval:"
                + " ml-engineer}}}]")).contains("on_fail.await_approval'", "{await_approval: {role: ml-engineer}}");
        assertThat(error("pipeline: p\nsteps: [{kind: promote, checkpoint: {when: x, on_fail: {await_approval:"
                + " {role: ops, quorum: 2}}}}]")).contains("on_fail.await_approval.quorum", "unknown key");
        assertThat(error("pipeline: p\nsteps: [{kind: promote, checkpoint: {when: x, on_fail: {await_approval:"
                + " {role: ops}, set: {a: 1}}}}]")).contains("on_fail.set", "unknown key");
    }

    @Test
    void rejectsAnUnknownApproverRoleListingTheRoles() {
        assertThat(error("pipeline: p\nsteps: [{kind: promote, checkpoint: {when: x, on_fail: {await_approval:"
                + " {role: reviewer}}}}]")).contains("steps[1].checkpoint.on_fail.await_approval.role",
                "unknown role 'reviewer'", "admin, data-scientist, data-engineer, sme, ml-engineer, ops, viewer");
    }

    @Test
    void rejectsParamsThatAreNotAMap() {
        assertThat(error("pipeline: p\nsteps: [{kind: train, params: [a, b]}]"))
                .contains("steps[1].params", "must map parameter names");
    }

    @Test
    void rejectsInvalidIds() {
        assertThat(error("pipeline: p\nsteps: [{id: 'a b', kind: train}]")).contains("steps[1].id", "not a valid id");
    }

    @Test
    void rejectsDuplicateYamlKeysAndBadYaml() {
        assertThat(error("pipeline: p\npipeline: q\nsteps: [{kind: ingest}]")).contains("Line 2", "appears twice");
        assertThat(error("pipeline: p\nsteps: [{kind: ingest}")).contains("not valid YAML");
        assertThat(error("- a\n- b")).contains("a pipeline spec is a map");
    }
}
