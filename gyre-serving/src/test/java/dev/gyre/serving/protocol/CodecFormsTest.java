package dev.gyre.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodecFormsTest {

    private static final List<String> ORDER = List.of("age", "sex", "member");
    private static final List<Map<String, Object>> EXPECTED = List.of(
            record(22L, "male", true), record(38.5, "female", null));

    private final OipV2Codec oip = new OipV2Codec();
    private final KServeV1Codec v1 = new KServeV1Codec();
    private final MlflowScoringCodec mlflow = new MlflowScoringCodec();
    private final NativeCodec nativeCodec = new NativeCodec();
    private final ObjectMapper mapper = new ObjectMapper();

    private static Map<String, Object> record(Object age, Object sex, Object member) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("age", age);
        r.put("sex", sex);
        r.put("member", member);
        return r;
    }

    static byte[] utf8(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oipColumnTensorsDecodeToRecords() {
        InferenceRequest r = oip.decode(utf8("{'id': '42', 'parameters': {'k': 'v'}, 'inputs': ["
                + "{'name': 'age', 'shape': [2], 'datatype': 'INT64', 'data': [22, 38]},"
                + "{'name': 'sex', 'shape': [2, 1], 'datatype': 'BYTES', 'data': [['male'], ['female']]},"
                + "{'name': 'member', 'shape': [2, 1], 'datatype': 'BOOL', 'data': [true, null]}]}"), List.of());
        assertThat(r.id()).contains("42");
        assertThat(r.parameters()).containsEntry("k", "v");
        assertThat(r.records()).containsExactly(record(22L, "male", true), record(38L, "female", null));
    }

    @Test
    void oipMatrixUsesParameterColumnsOrColumnOrder() {
        String tensor = "{'name': 'x', 'shape': [2, 3], 'datatype': 'FP64', 'data': [[1, 2, 3], [4, 5, 6]]}";
        InferenceRequest byOrder = oip.decode(utf8("{'inputs': [" + tensor + "]}"), List.of("a", "b", "c"));
        assertThat(byOrder.records().get(1)).containsExactly(Map.entry("a", 4.0), Map.entry("b", 5.0),
                Map.entry("c", 6.0));
        InferenceRequest named = oip.decode(utf8("{'inputs': [{'name': 'x', 'shape': [1, 2], 'datatype': 'FP32',"
                + " 'data': [1.5, 2], 'parameters': {'columns': ['p', 'q']}}]}"), List.of());
        assertThat(named.records()).containsExactly(Map.of("p", 1.5, "q", 2.0));
    }

    @Test
    void oipRefusesInconsistentTensorsWithUsefulMessages() {
        assertInvalid(() -> oip.decode(utf8("{'inputs': [{'name': 'a', 'shape': [3], 'datatype': 'FP64',"
                + " 'data': [1, 2]}]}"), List.of()), "needs 3");
        assertInvalid(() -> oip.decode(utf8("{'inputs': [{'name': 'a', 'shape': [1], 'datatype': 'FP32',"
                + " 'data': ['x']}]}"), List.of()), "FP32");
        assertInvalid(() -> oip.decode(utf8("{'inputs': [{'name': 'a', 'shape': [1], 'datatype': 'INT8',"
                + " 'data': [300]}]}"), List.of()), "INT8");
        assertInvalid(() -> oip.decode(utf8("{'inputs': [{'name': 'a', 'shape': [1], 'datatype': 'FP64', 'data': [1]},"
                + "{'name': 'b', 'shape': [2], 'datatype': 'FP64', 'data': [1, 2]}]}"), List.of()), "same number");
        assertInvalid(() -> oip.decode(utf8("{'inputs': [{'name': 'x', 'shape': [1, 2], 'datatype': 'FP64',"
                + " 'data': [1, 2]}]}"), List.of()), "parameters.columns");
        assertInvalid(() -> oip.decode(utf8("{'inputs': [{'name': 'a', 'shape': [1], 'datatype': 'FP64',"
                + " 'data': [NaN]}]}"), List.of()), "not valid JSON");
    }

    @Test
    void kserveV1FormsDecodeToTheSameRecords() {
        String objects = "[{'age': 22, 'sex': 'male', 'member': true}, {'age': 38.5, 'sex': 'female', 'member': null}]";
        String rows = "[[22, 'male', true], [38.5, 'female', null]]";
        assertThat(v1.decode(utf8("{'instances': " + objects + "}"), ORDER).records()).isEqualTo(EXPECTED);
        assertThat(v1.decode(utf8("{'instances': " + rows + "}"), ORDER).records()).isEqualTo(EXPECTED);
        assertThat(v1.decode(utf8("{'inputs': " + rows + "}"), ORDER).records()).isEqualTo(EXPECTED);
        assertThat(v1.decode(utf8("{'inputs': {'age': [22, 38.5], 'sex': ['male', 'female'],"
                + " 'member': [true, null]}}"), ORDER).records()).isEqualTo(EXPECTED);
        assertInvalid(() -> v1.decode(utf8("{'instances': [], 'inputs': []}"), ORDER), "exactly one");
        assertInvalid(() -> v1.decode(utf8("{'instances': [[1, 2]]}"), ORDER), "3 columns");
        assertInvalid(() -> v1.decode(utf8("{'instances': [[1, 2, 3]]}"), List.of()), "column order");
    }

    @Test
    void mlflowFormsDecodeToTheSameRecords() {
        String json = "application/json";
        assertThat(mlflow.decode(utf8("{'dataframe_split': {'columns': ['age', 'sex', 'member'], 'index': [0, 1],"
                + " 'data': [[22, 'male', true], [38.5, 'female', null]]}}"), json, List.of()).records())
                .isEqualTo(EXPECTED);
        assertThat(mlflow.decode(utf8("{'dataframe_records': [{'age': 22, 'sex': 'male', 'member': true},"
                + " {'age': 38.5, 'sex': 'female', 'member': null}]}"), json, List.of()).records()).isEqualTo(EXPECTED);
        assertThat(mlflow.decode(utf8("{'instances': [[22, 'male', true], [38.5, 'female', null]]}"),
                "application/json; charset=utf-8", ORDER).records()).isEqualTo(EXPECTED);
        InferenceRequest inputs = mlflow.decode(utf8("{'inputs': {'age': [22, 38.5], 'sex': ['male', 'female'],"
                + " 'member': [true, null]}, 'params': {'top_k': 3, 'tags': ['a', 'b']}}"), json, List.of());
        assertThat(inputs.records()).isEqualTo(EXPECTED);
        assertThat(inputs.parameters()).containsEntry("top_k", 3L).containsEntry("tags", List.of("a", "b"));
        byte[] csv = "age,sex,member\r\n22,\"male\",true\n38.5,female,\n".getBytes(StandardCharsets.UTF_8);
        assertThat(mlflow.decode(csv, "text/csv", List.of()).records()).isEqualTo(EXPECTED);
    }

    @Test
    void mlflowRefusesZeroOrSeveralInputFieldsAndBadCsv() {
        assertInvalid(() -> mlflow.decode(utf8("{'params': {}}"), "application/json", ORDER), "exactly one");
        assertInvalid(() -> mlflow.decode(utf8("{'instances': [], 'inputs': []}"), "application/json", ORDER),
                "exactly one");
        assertInvalid(() -> mlflow.decode(utf8("[[1, 2, 3]]"), "application/json", ORDER), "not an array");
        assertInvalid(() -> mlflow.decode(utf8("a,b"), "text/plain", ORDER), "not supported");
        assertInvalid(() -> mlflow.decode("a,b\n1\n".getBytes(StandardCharsets.UTF_8), "text/csv", ORDER),
                "1 fields");
        assertInvalid(() -> mlflow.decode("a,b\n\"1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv", ORDER),
                "never closed");
        InferenceRequest quoted = mlflow.decode("text,n\n\"say \"\"hi\"\", a\nb\",007\n"
                .getBytes(StandardCharsets.UTF_8), "text/csv", ORDER);
        assertThat(quoted.records()).containsExactly(Map.of("text", "say \"hi\", a\nb", "n", 7L));
    }

    @Test
    void nativeDecodesRecordsAndRequestId() {
        InferenceRequest r = nativeCodec.decode(utf8("{'records': [{'age': 22, 'sex': 'male', 'member': true},"
                + " {'age': 38.5, 'sex': 'female', 'member': null}], 'request_id': 'r-1'}"));
        assertThat(r.records()).isEqualTo(EXPECTED);
        assertThat(r.id()).isEqualTo(Optional.of("r-1"));
        assertInvalid(() -> nativeCodec.decode(utf8("{'record': []}")), "Unknown field");
    }

    @Test
    void limitsAreNamed() {
        CodecLimits small = new CodecLimits(200, 2, 2, 5, 10);
        assertInvalid(() -> new NativeCodec(small).decode(utf8("{'records': [{'a': 1}, {'a': 2}, {'a': 3}]}")),
                "maxRecords");
        assertInvalid(() -> new NativeCodec(small).decode(utf8("{'records': [{'a': 1, 'b': 2, 'c': 3}]}")),
                "maxColumns");
        assertInvalid(() -> new NativeCodec(small).decode(utf8("{'records': [{'a': 'abcdefghijklmnop'}]}")),
                "maxStringLength");
        assertInvalid(() -> new NativeCodec(small).decode(utf8("{'records': [[[[[[1]]]]]]}")), "maxDepth");
        assertInvalid(() -> new NativeCodec(small).decode(new byte[201]), "maxBodyBytes");
    }

    @Test
    void encodersWriteTheSpecShapes() throws Exception {
        InferenceResponse cls = InferenceResponse.classification(List.of("no", "yes"), List.of("yes", "no"),
                List.of(new double[] {0.2, 0.8}, new double[] {0.9, 0.1}));
        InferenceResponse reg = InferenceResponse.regression(1.5, Double.NaN);

        JsonNode o = read(oip.encode(cls, "titanic", "3", "42"));
        assertThat(o.get("model_name").asText()).isEqualTo("titanic");
        assertThat(o.get("model_version").asText()).isEqualTo("3");
        assertThat(o.get("id").asText()).isEqualTo("42");
        assertThat(o.at("/outputs/0/name").asText()).isEqualTo("predicted_class");
        assertThat(o.at("/outputs/0/datatype").asText()).isEqualTo("BYTES");
        assertThat(o.at("/outputs/1/shape").toString()).isEqualTo("[2,2]");
        assertThat(o.at("/outputs/1/data").toString()).isEqualTo("[0.2,0.8,0.9,0.1]");
        assertThat(o.at("/outputs/2/data").toString()).isEqualTo("[\"no\",\"yes\"]");
        JsonNode or = read(oip.encode(reg, "m", null, null));
        assertThat(or.has("id")).isFalse();
        assertThat(or.at("/outputs/0/data").toString()).isEqualTo("[1.5,null]");
        assertThat(read(oip.encodeError("bad")).get("error").asText()).isEqualTo("bad");

        JsonNode k = read(v1.encode(cls));
        assertThat(k.get("predictions").toString()).isEqualTo("[\"yes\",\"no\"]");
        assertThat(k.get("probabilities").toString()).isEqualTo("[[0.2,0.8],[0.9,0.1]]");
        JsonNode ke = read(v1.encodeExplain(reg, List.of(
                new Explanation(Optional.empty(), 1.0, Map.of("age", 0.5)),
                new Explanation(Optional.of("x"), 0.0, Map.of()))));
        assertThat(ke.at("/explanations/0/contributions/age").asDouble()).isEqualTo(0.5);
        assertThat(ke.at("/explanations/1/target").asText()).isEqualTo("x");

        JsonNode m = read(mlflow.encode(cls));
        assertThat(m.at("/predictions/0/predicted_class").asText()).isEqualTo("yes");
        assertThat(m.at("/predictions/0/probability_yes").asDouble()).isEqualTo(0.8);
        assertThat(read(mlflow.encode(reg)).get("predictions").toString()).isEqualTo("[1.5,null]");
        assertThat(read(mlflow.encodeError(new GyreException.InvalidArgument("x"))).get("error_code").asText())
                .isEqualTo("BAD_REQUEST");

        JsonNode n = read(nativeCodec.encode(cls, "3", "r-1"));
        assertThat(n.at("/predictions/1/probabilities/no").asDouble()).isEqualTo(0.9);
        assertThat(n.get("model_version").asText()).isEqualTo("3");
        assertThat(n.get("request_id").asText()).isEqualTo("r-1");
        assertThat(read(nativeCodec.encode(reg, "3", null)).at("/predictions/0/prediction").asDouble())
                .isEqualTo(1.5);
    }

    private JsonNode read(byte[] body) throws Exception {
        return mapper.readTree(body);
    }

    static void assertInvalid(Runnable call, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining(messagePart);
    }

    static String show(byte[] b) {
        return Arrays.toString(Arrays.copyOf(b, Math.min(b.length, 300)));
    }
}
