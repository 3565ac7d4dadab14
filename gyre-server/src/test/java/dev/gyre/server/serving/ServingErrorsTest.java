package dev.gyre.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.ErrorCode;
import dev.gyre.server.serving.ServingErrors.Protocol;
import org.junit.jupiter.api.Test;

/** Which paths take which protocol's error shape, as the platform's HttpApi and the standalone server apply it. */
class ServingErrorsTest {

    @Test
    void pathsMapToTheirProtocol() {
        assertThat(ServingErrors.protocolOf("/v2")).isEqualTo(Protocol.OIP_V2);
        assertThat(ServingErrors.protocolOf("/v2/models/x/infer")).isEqualTo(Protocol.OIP_V2);
        assertThat(ServingErrors.protocolOf("/v1/models/x:predict")).isEqualTo(Protocol.KSERVE_V1);
        assertThat(ServingErrors.protocolOf("/invocations")).isEqualTo(Protocol.MLFLOW);
        assertThat(ServingErrors.protocolOf("/v20/x")).isNull();
        assertThat(ServingErrors.protocolOf("/api/v1/deployments/x/predict")).isNull();
        assertThat(ServingErrors.protocolOf("/api/2.0/mlflow/runs/get")).isNull();
    }

    @Test
    void bodiesHaveEachProtocolsShape() throws Exception {
        JsonNode oip = ServingHttp.JSON.readTree(ServingErrors.body(Protocol.OIP_V2, ErrorCode.UNAUTHENTICATED,
                "send a token", "r1"));
        assertThat(oip.toString()).isEqualTo("{\"error\":\"send a token\"}");
        JsonNode mlflow = ServingHttp.JSON.readTree(ServingErrors.body(Protocol.MLFLOW,
                ErrorCode.INVALID_PARAMETER_VALUE, "bad", "r1"));
        assertThat(mlflow.toString()).isEqualTo("{\"error_code\":\"BAD_REQUEST\",\"message\":\"bad\"}");
        JsonNode missing = ServingHttp.JSON.readTree(ServingErrors.body(Protocol.MLFLOW,
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "no", null));
        assertThat(missing.get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        JsonNode nat = ServingHttp.JSON.readTree(ServingErrors.body(Protocol.NATIVE, ErrorCode.REQUEST_LIMIT_EXCEEDED,
                "too big", "r1"));
        assertThat(nat.get("request_id").asText()).isEqualTo("r1");
    }
}
