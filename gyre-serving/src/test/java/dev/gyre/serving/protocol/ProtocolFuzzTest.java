package dev.gyre.serving.protocol;

import dev.gyre.serving.testing.PayloadMutator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Sends at least 1 000 malformed payloads to each protocol's decoder, under tight and default limits. Every
 * payload must either decode or be refused with {@link GyreException.InvalidArgument} (a 4xx) carrying a message,
 * whose encoded error body is JSON; any other throwable fails the test and shows the payload.
 */
class ProtocolFuzzTest {

    private static final int PAYLOADS = 1_500;
    private static final CodecLimits TIGHT = new CodecLimits(64 * 1024, 40, 12, 10, 200);
    private static final List<String> ORDER = List.of("age", "sex", "member");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Outcome(int accepted, int refused) {
    }

    @Test
    void openInferenceProtocol() {
        List<byte[]> seeds = seeds(
                "{'id': '7', 'inputs': [{'name': 'age', 'shape': [2], 'datatype': 'INT64', 'data': [22, 38]},"
                        + " {'name': 'sex', 'shape': [2, 1], 'datatype': 'BYTES', 'data': [['m'], ['f']]}]}",
                "{'inputs': [{'name': 'x', 'shape': [2, 3], 'datatype': 'FP32', 'data': [[1, 2, 3], [4, 5, 6]],"
                        + " 'parameters': {'columns': ['age', 'sex', 'member']}}], 'outputs': [{'name': 'p'}]}",
                "{'parameters': {'k': 1}, 'inputs': [{'name': 'member', 'shape': [3], 'datatype': 'BOOL',"
                        + " 'data': [true, false, null]}]}");
        OipV2Codec tight = new OipV2Codec(TIGHT);
        OipV2Codec normal = new OipV2Codec();
        Outcome o = fuzz(11L, seeds, body -> {
            tight.decode(body, ORDER);
            normal.decode(body, ORDER);
        }, e -> tight.encodeError(e.getMessage()), "error");
        report("Open Inference Protocol", o);
    }

    @Test
    void kserveV1() {
        List<byte[]> seeds = seeds(
                "{'instances': [{'age': 22, 'sex': 'm', 'member': true}, {'age': 38.5, 'sex': 'f', 'member': null}]}",
                "{'instances': [[22, 'm', true], [38, 'f', false]]}",
                "{'inputs': {'age': [22, 38], 'sex': ['m', 'f'], 'member': [true, false]}}",
                "{'inputs': [[1, 'a', false]], 'signature_name': 'serving_default'}");
        KServeV1Codec tight = new KServeV1Codec(TIGHT);
        KServeV1Codec normal = new KServeV1Codec();
        Outcome o = fuzz(12L, seeds, body -> {
            tight.decode(body, ORDER);
            normal.decode(body, ORDER);
        }, e -> tight.encodeError(e.getMessage()), "error");
        report("KServe V1", o);
    }

    @Test
    void mlflowScoringJson() {
        List<byte[]> seeds = seeds(
                "{'dataframe_split': {'columns': ['age', 'sex', 'member'], 'index': [0, 1],"
                        + " 'data': [[22, 'm', true], [38.5, 'f', null]]}}",
                "{'dataframe_records': [{'age': 22, 'sex': 'm'}, {'age': 38, 'member': true}]}",
                "{'instances': [[22, 'm', true]], 'params': {'top_k': 2, 'tags': ['a']}}",
                "{'inputs': {'age': [1, 2], 'sex': ['m', 'f'], 'member': [true, false]}}");
        MlflowScoringCodec tight = new MlflowScoringCodec(TIGHT);
        MlflowScoringCodec normal = new MlflowScoringCodec();
        Outcome o = fuzz(13L, seeds, body -> {
            tight.decode(body, "application/json", ORDER);
            normal.decode(body, "application/json; charset=UTF-8", ORDER);
        }, tight::encodeError, "message");
        report("MLflow scoring (JSON)", o);
    }

    @Test
    void mlflowScoringCsv() {
        List<byte[]> seeds = List.of(
                bytes("age,sex,member\n22,m,true\n38.5,\"f, or \"\"other\"\"\",\n"),
                bytes("a,b,c\r\n1,2,3\r\n4,,6\r\n\"x\ny\",1e5,-7\r\n"),
                bytes("only\n1\n2\n\n3\n"));
        MlflowScoringCodec tight = new MlflowScoringCodec(TIGHT);
        MlflowScoringCodec normal = new MlflowScoringCodec();
        Outcome o = fuzz(14L, seeds, body -> {
            tight.decode(body, "text/csv", ORDER);
            normal.decode(body, "text/csv; charset=utf-8", ORDER);
        }, tight::encodeError, "message");
        report("MLflow scoring (CSV)", o);
    }

    @Test
    void nativePredict() {
        List<byte[]> seeds = seeds(
                "{'records': [{'age': 22, 'sex': 'm', 'member': true}, {'age': 38.5, 'sex': 'f'}],"
                        + " 'request_id': 'r-1'}",
                "{'records': [{'age': 1}], 'parameters': {'explain': true, 'k': [1, 2]}}");
        NativeCodec tight = new NativeCodec(TIGHT);
        NativeCodec normal = new NativeCodec();
        Outcome o = fuzz(15L, seeds, body -> {
            tight.decode(body);
            normal.decode(body);
        }, e -> tight.encodeError(e, "r-1"), "message");
        report("native predict", o);
    }

    private static Outcome fuzz(long seed, List<byte[]> seeds, Consumer<byte[]> decode,
            Function<GyreException, byte[]> encodeError, String errorField) {
        for (byte[] valid : seeds) {
            decode.accept(valid);
        }
        PayloadMutator mutator = new PayloadMutator(seed, seeds, TIGHT);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < PAYLOADS; i++) {
            byte[] payload = mutator.next();
            try {
                decode.accept(payload);
                accepted++;
            } catch (GyreException.InvalidArgument e) {
                refused++;
                check(e, payload, encodeError.apply(e), errorField);
            } catch (Throwable t) {
                fail("payload " + i + " raised " + t + " instead of InvalidArgument: " + preview(payload), t);
            }
        }
        return new Outcome(accepted, refused);
    }

    private static void check(GyreException e, byte[] payload, byte[] errorBody, String errorField) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            fail("blank message for payload " + preview(payload));
        }
        int status = e.code().httpStatus();
        if (status < 400 || status >= 500) {
            fail("status " + status + " for payload " + preview(payload));
        }
        try {
            JsonNode error = MAPPER.readTree(errorBody);
            if (!error.path(errorField).isTextual()) {
                fail("error body without " + errorField + ": " + new String(errorBody, StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException notJson) {
            fail("error body is not JSON for payload " + preview(payload));
        }
    }

    private static void report(String protocol, Outcome o) {
        System.out.println("fuzz " + protocol + ": " + PAYLOADS + " payloads, " + o.refused() + " refused (400), "
                + o.accepted() + " still valid, 0 other errors");
        assertThat(o.accepted() + o.refused()).isEqualTo(PAYLOADS);
        assertThat(o.refused()).isGreaterThanOrEqualTo(1_000);
    }

    private static List<byte[]> seeds(String... json) {
        List<byte[]> out = new ArrayList<>();
        for (String s : json) {
            out.add(CodecFormsTest.utf8(s));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String preview(byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 400), StandardCharsets.UTF_8);
        return payload.length + " bytes: " + text;
    }
}
