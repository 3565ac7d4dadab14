package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** Adding a file as a data version over HTTP, as a client does: ask which blob is missing, upload it, add. */
final class DataApiTestSupport {

    private DataApiTestSupport() {
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static TestPlatform.Reply add(TestPlatform platform, String token, String project, String name, byte[] bytes,
                                  String sourceUri) throws Exception {
        String sha = sha256(bytes);
        String base = "/api/v1/projects/" + project;
        TestPlatform.Reply missing = platform.post(base + "/data/blobs/missing", token, "{\"sha256\":[\"" + sha + "\"]}");
        assertThat(missing.status()).as(missing.body()).isEqualTo(200);
        if (Json.parse(missing.body()).path("missing").size() == 1) {
            TestPlatform.Reply put = platform.send("PUT", base + "/data/blobs/" + sha, token,
                    HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of("Content-Type", "application/octet-stream"));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
        }
        return platform.post(base + "/datasets/" + name + "/versions", token,
                "{\"kind\":\"file\",\"sha256\":\"" + sha + "\",\"size\":" + bytes.length + ",\"source_uri\":\"" + sourceUri + "\"}");
    }
}
