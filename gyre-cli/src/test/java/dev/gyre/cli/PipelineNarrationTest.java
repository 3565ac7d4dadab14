package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a followed pipeline run is told, and how {@code --set} values are read, on run views as the API writes them. */
class PipelineNarrationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final Output out = new Output(new PrintStream(outBytes, true, StandardCharsets.UTF_8));

    @Test
    void eachEventIsToldOnceAndEachFinishedStepGetsOneProgressLine() throws Exception {
        PipelineNarration narration = new PipelineNarration(err, List.of("ingest", "clean", "train"), 0, false);
        JsonNode first = json("{'status':'running','steps':[{'seq':1,'step':'ingest','status':'succeeded',"
                + "'iteration':1,'duration_ms':12400}],'events':[{'type':'run_started','step':null,'message':'started'},"
                + "{'type':'step_succeeded','step':'ingest','message':'ingest made passengers@1'}]}");
        JsonNode second = json("{'status':'failed','steps':[{'seq':1,'step':'ingest','status':'succeeded',"
                + "'iteration':1,'duration_ms':12400},{'seq':2,'step':'clean','status':'cached','iteration':1,"
                + "'duration_ms':3,'cached_from':'0f3c2a1b-aaaa-bbbb#2'},{'seq':3,'step':'train','status':'failed',"
                + "'iteration':2,'duration_ms':65000,'error':'no rows'}],'events':[{'type':'run_started','message':"
                + "'started'},{'type':'step_succeeded','step':'ingest','message':'ingest made passengers@1'},"
                + "{'type':'cache_hit','step':'clean','message':'reused'},{'type':'step_failed','step':'train',"
                + "'message':'train failed: no rows'}]}");
        narration.accept(first);
        narration.accept(first);
        narration.accept(second);

        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                  started
                  ingest: ingest made passengers@1
                [1/3] ingest ok 12.4s
                  clean: reused
                [2/3] clean ok cached 3ms
                  train: train failed: no rows
                [3/3] train FAILED 1m 05s (pass 2)
                """);
    }

    @Test
    void followingAfterAnActionTellsOnlyWhatIsNew() throws Exception {
        JsonNode before = json("{'steps':[{'seq':1,'step':'a','status':'failed'}],'events':[{'type':'step_failed',"
                + "'step':'a','message':'old'}]}");
        PipelineNarration narration = new PipelineNarration(err, List.of(), 1, true);
        narration.skipStepsOf(before);
        narration.accept(json("{'steps':[{'seq':1,'step':'a','status':'failed'},{'seq':2,'step':'a','status':"
                + "'succeeded','duration_ms':5}],'events':[{'type':'step_failed','step':'a','message':'old'},"
                + "{'type':'resumed','step':'a','message':'resumed'}]}"));

        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("  a: resumed\n[#2] a ✓ 5ms\n");
    }

    @Test
    void summaryListsStepsAndCheckpointVerdicts() throws Exception {
        PipelineNarration.summary(out, json("{'steps':[{'seq':1,'step':'train','iteration':1,'status':'succeeded',"
                + "'duration_ms':1500,'outputs':{'model_version':'titanic/3'}}],'events':[{'type':'checkpoint_failed',"
                + "'step':'train','message':'metrics.roc_auc = 0.755 < 0.85'},{'type':'goto','step':'train',"
                + "'message':'going back'},{'type':'checkpoint_passed','step':'train','message':'held: 0.9'}]}"));

        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                STEP   PASS  STATUS     CACHED  DURATION  OUTPUTS
                train  1     succeeded  no      1.5s      model_version=titanic/3

                CHECKPOINT  VERDICT       WHY
                train       did not hold  metrics.roc_auc = 0.755 < 0.85
                train       goto          going back
                train       held          held: 0.9
                """);
    }

    @Test
    void waitingExitsTwoWithTheCommandThatApprovesAndTheRole() throws Exception {
        int code = PipelineNarration.outcome(out, err, json("{'id':'r1','status':'waiting','awaiting':{'step':"
                + "'promote','role':'ml-engineer','reason':'gates.passed = false'}}"), "titanic");

        assertThat(code).isEqualTo(2);
        assertThat(outBytes.toString(StandardCharsets.UTF_8))
                .contains("waits at step 'promote' for an approval by a member with role ml-engineer"
                        + " (gates.passed = false).")
                .contains("gyre pipeline approve r1 --project titanic\n")
                .contains("gyre pipeline reject r1 --project titanic");
    }

    @Test
    void endsOtherThanSuccessExitOneWithTheReasonAndTheFix() throws Exception {
        assertThat(PipelineNarration.outcome(out, err, json("{'id':'r1','status':'succeeded'}"), "p")).isZero();
        assertThat(PipelineNarration.outcome(out, err, json("{'id':'r2','status':'failed','reason':"
                + "'step train failed: no rows.'}"), "p")).isEqualTo(1);
        for (String status : List.of("failed_checkpoint", "exhausted", "rejected", "interrupted")) {
            assertThat(PipelineNarration.outcome(out, err, json("{'id':'r3','status':'" + status + "'}"), "p"))
                    .isEqualTo(1);
        }
        String told = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(told).contains("gyre: Pipeline run r2 failed: step train failed: no rows. Fix the cause, then"
                + " continue where it stopped with `gyre pipeline resume r2 --project p`.\n");
        assertThat(told).contains("r3 stopped at a checkpoint. Improve the step").contains("Raise max_iterations")
                .contains("was rejected").contains("r3 was interrupted. The platform stopped while it ran; continue"
                        + " it with `gyre pipeline resume r3 --project p`.");
    }

    @Test
    void setValuesAreReadAsYamlScalars() {
        Map<String, Map<String, Object>> overrides = PipelineSpecs.overrides(List.of("train.max_trials=24",
                "train.rate=0.5", "train.early=true", "train.name='24'", "train.note=a: b", "train.none=null",
                "ingest.cols=[a, b]", "train.url=x=y"), List.of("ingest", "train"));

        assertThat(overrides.get("train")).containsEntry("max_trials", 24).containsEntry("rate", 0.5)
                .containsEntry("early", true).containsEntry("name", "24").containsEntry("note", "a: b")
                .containsEntry("none", null).containsEntry("url", "x=y");
        assertThat(overrides.get("ingest")).containsEntry("cols", List.of("a", "b"));
        assertThatThrownBy(() -> PipelineSpecs.overrides(List.of("max_trials=3"), List.of()))
                .hasMessageContaining("STEP.PARAM=VALUE");
        assertThatThrownBy(() -> PipelineSpecs.overrides(List.of("trian.max_trials=3"), List.of("train")))
                .hasMessageContaining("no step 'trian'").hasMessageContaining("its steps are train");
    }
}
