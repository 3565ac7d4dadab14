package dev.gyre.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StepKeyTest {
    private static final Map<String, Object> PARAMS = Map.of("spec", "train.yaml", "max_trials", 6,
            "search", Map.of("sampler", "tpe", "seed", 42));
    private static final Map<String, String> INPUTS = Map.of("ingest.dataset", "passengers@3f2a", "split.train",
            "passengers-train@91c0");

    @Test
    void isAKnownSha256OfTheCanonicalContent() {
        // sha256 of {"code_version":"v1","inputs":{},"kind":"clean","params":{}} computed independently
        StepKey key = StepKey.of(StepKind.CLEAN, Map.of(), Map.of(), "v1");
        assertThat(key.hash()).isEqualTo(sha256("{\"code_version\":\"v1\",\"inputs\":{},\"kind\":\"clean\","
                + "\"params\":{}}"));
    }

    @Test
    void ignoresMapOrderAndNumberType() {
        StepKey base = StepKey.of(StepKind.TRAIN, PARAMS, INPUTS, "v1");
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<String> keys = new java.util.ArrayList<>(PARAMS.keySet());
            java.util.Collections.shuffle(keys, random);
            Map<String, Object> shuffled = new LinkedHashMap<>();
            keys.forEach(k -> shuffled.put(k, PARAMS.get(k)));
            List<String> inputKeys = new java.util.ArrayList<>(INPUTS.keySet());
            java.util.Collections.shuffle(inputKeys, random);
            Map<String, String> inputs = new LinkedHashMap<>();
            inputKeys.forEach(k -> inputs.put(k, INPUTS.get(k)));
            assertThat(StepKey.of(StepKind.TRAIN, shuffled, inputs, "v1")).isEqualTo(base);
        }
        Map<String, Object> asDouble = new LinkedHashMap<>(PARAMS);
        asDouble.put("max_trials", 6.0);
        assertThat(StepKey.of(StepKind.TRAIN, asDouble, INPUTS, "v1")).isEqualTo(base);
    }

    @Test
    void changesWithKindParamsNestedParamsInputsAndCodeVersion() {
        StepKey base = StepKey.of(StepKind.TRAIN, PARAMS, INPUTS, "v1");
        Map<String, Object> moreTrials = new LinkedHashMap<>(PARAMS);
        moreTrials.put("max_trials", 24);
        Map<String, Object> otherSeed = new LinkedHashMap<>(PARAMS);
        otherSeed.put("search", Map.of("sampler", "tpe", "seed", 43));
        Map<String, String> newData = new LinkedHashMap<>(INPUTS);
        newData.put("ingest.dataset", "passengers@77aa");
        Map<String, String> renamedInput = Map.of("ingest.data", "passengers@3f2a", "split.train",
                "passengers-train@91c0");
        List<StepKey> keys = List.of(base,
                StepKey.of(StepKind.VALIDATE_MODEL, PARAMS, INPUTS, "v1"),
                StepKey.of(StepKind.TRAIN, moreTrials, INPUTS, "v1"),
                StepKey.of(StepKind.TRAIN, otherSeed, INPUTS, "v1"),
                StepKey.of(StepKind.TRAIN, PARAMS, newData, "v1"),
                StepKey.of(StepKind.TRAIN, PARAMS, renamedInput, "v1"),
                StepKey.of(StepKind.TRAIN, PARAMS, INPUTS, "v2"));
        assertThat(keys).doesNotHaveDuplicates();
    }

    @Test
    void descriptionKeyEqualsTheKeyOfItsParts() {
        StepDescription d = new StepDescription("run-1", "train", StepKind.TRAIN, PARAMS, INPUTS, "v1");
        assertThat(d.key()).isEqualTo(StepKey.of(StepKind.TRAIN, PARAMS, INPUTS, "v1"));
        // the run and the step's id are not part of the key: the same work in another run is reused
        assertThat(new StepDescription("run-2", "train-again", StepKind.TRAIN, PARAMS, INPUTS, "v1").key())
                .isEqualTo(d.key());
    }

    @Test
    void descriptionRoundTripsThroughJson() {
        StepDescription d = new StepDescription("run-1", "train", StepKind.TRAIN, PARAMS, INPUTS, "v1");
        String json = d.toJson();
        assertThat(json).startsWith("{\"code_version\":\"v1\",\"inputs\":{\"ingest.dataset\":\"passengers@3f2a\"");
        StepDescription back = StepDescription.fromJson(json);
        assertThat(back).isEqualTo(d);
        assertThat(back.toJson()).isEqualTo(json);
    }

    @Test
    void descriptionFromJsonIsStrict() {
        assertThatThrownBy(() -> StepDescription.fromJson("{\"run_id\":\"r\",\"step_id\":\"s\",\"kind\":\"fit\","
                + "\"code_version\":\"v\"}")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("field 'kind'").hasMessageContaining("unknown kind 'fit'");
        assertThatThrownBy(() -> StepDescription.fromJson("{\"run_id\":\"r\",\"step_id\":\"s\",\"kind\":\"train\","
                + "\"code_version\":\"v\",\"extra\":1}")).hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> StepDescription.fromJson("{\"step_id\":\"s\",\"kind\":\"train\","
                + "\"code_version\":\"v\"}")).hasMessageContaining("field 'run_id'");
        assertThatThrownBy(() -> StepDescription.fromJson("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> StepDescription.fromJson("{")).hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesValuesThatAreNotPlainData() {
        assertThatThrownBy(() -> StepKey.of(StepKind.TRAIN, Map.of("when", new Object()), Map.of(), "v1"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("params.when");
        assertThatThrownBy(() -> StepKey.of(StepKind.TRAIN, Map.of("x", Double.NaN), Map.of(), "v1"))
                .hasMessageContaining("finite");
    }

    private static String sha256(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
