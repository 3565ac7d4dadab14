package dev.gyre.monitoring.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gyre.core.GyreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real HTTP server on loopback receives the webhooks; loopback is explicitly allowed where delivery is expected. */
class WebhookNotifierTest {

    private static final String SECRET = "a-shared-secret-of-32-characters";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AlertEvent EVENT = new AlertEvent(AlertEvent.Kind.FIRING, "churn", "error_rate", "error_rate",
            Comparison.GREATER_THAN, 0.01, 0.07, Severity.CRITICAL, NOW.minusSeconds(300), NOW);

    /** What the receiver saw of one request. */
    record Received(String host, String timestamp, boolean signatureValid, byte[] body) {
    }

    private HttpServer server;
    private HttpServer redirectTarget;
    private final AtomicInteger redirectTargetHits = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        redirectTarget = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirectTarget.createContext("/", ex -> {
            redirectTargetHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        redirectTarget.start();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::receive);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        redirectTarget.stop(0);
    }

    /** Verifies the signature as a receiver would: HMAC-SHA256 over timestamp "." exact body bytes. */
    private void receive(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String timestamp = ex.getRequestHeaders().getFirst("X-Gyre-Timestamp");
        String signature = ex.getRequestHeaders().getFirst("X-Gyre-Signature");
        boolean valid = false;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            valid = signature != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            valid = false;
        }
        received.add(new Received(ex.getRequestHeaders().getFirst("Host"), timestamp, valid, body));
        Integer status = script.poll();
        int code = status == null ? (valid ? 200 : 401) : status;
        if (code == 302) {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + redirectTarget.getAddress().getPort() + "/");
        }
        ex.sendResponseHeaders(code, -1);
        ex.close();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private String url(String host) {
        return "http://" + host + ":" + port() + "/hooks/gyre?team=ml";
    }

    private static EgressPolicy.Builder loopbackAllowed() {
        return EgressPolicy.builder().allowHost("127.0.0.1").allowPlainHttp(true).allowCidr("127.0.0.0/8");
    }

    private WebhookNotifier webhook(String url, EgressPolicy policy) {
        return WebhookNotifier.builder(url, SECRET, policy).clock(CLOCK).sleeper(sleeps::add).build();
    }

    @Test
    void anAllowedWebhookReceivesACorrectlySignedPayload() throws Exception {
        WebhookNotifier.Delivery d = webhook(url("127.0.0.1"), loopbackAllowed().build()).deliver(EVENT);

        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
            assertThat(r.host()).isEqualTo("127.0.0.1:" + port());
        });
        JsonNode json = new ObjectMapper().readTree(received.get(0).body());
        assertThat(json.get("status").asText()).isEqualTo("firing");
        assertThat(json.get("rule").asText()).isEqualTo("error_rate");
        assertThat(json.get("value").asDouble()).isEqualTo(0.07);
        assertThat(json.get("threshold").asDouble()).isEqualTo(0.01);
        assertThat(json.get("since").asText()).isEqualTo("2026-03-01T11:55:00Z");
        assertThat(WebhookNotifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), received.get(0).timestamp(),
                received.get(0).body())).hasSize(64);
    }

    @Test
    void aWrongSecretIsDetectedByTheReceiverAndNotRetried() {
        WebhookNotifier other = WebhookNotifier.builder(url("127.0.0.1"), "another-secret-of-enough-length",
                loopbackAllowed().build()).clock(CLOCK).sleeper(sleeps::add).build();
        WebhookNotifier.Delivery d = other.deliver(EVENT);
        assertThat(received).singleElement().satisfies(r -> assertThat(r.signatureValid()).isFalse());
        assertThat(d.delivered()).isFalse();
        assertThat(d.lastStatus()).isEqualTo(401);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThatThrownBy(() -> other.notify(EVENT)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("same secret");
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheNameInTheHostHeader() {
        EgressPolicy policy = EgressPolicy.builder().allowHost("hooks.gyre.test").allowPlainHttp(true)
                .allowPrivateAddresses(true)
                .resolver(host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})})
                .build();
        WebhookNotifier.Delivery d = webhook(url("hooks.gyre.test"), policy).deliver(EVENT);
        assertThat(d.delivered()).isTrue();
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo("hooks.gyre.test:" + port());
            assertThat(r.signatureValid()).isTrue();
        });
    }

    @Test
    void a500ThenA200IsRetriedWithBackoff() {
        script.add(500);
        WebhookNotifier.Delivery d = webhook(url("127.0.0.1"), loopbackAllowed().build()).deliver(EVENT);
        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(received).hasSize(2).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
        assertThat(sleeps).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void retriesAreBoundedAndTheBackoffDoubles() {
        for (int i = 0; i < 10; i++) {
            script.add(503);
        }
        WebhookNotifier notifier = WebhookNotifier.builder(url("127.0.0.1"), SECRET, loopbackAllowed().build())
                .clock(CLOCK).sleeper(sleeps::add).maxAttempts(4)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(3)).build();
        WebhookNotifier.Delivery d = notifier.deliver(EVENT);
        assertThat(d.delivered()).isFalse();
        assertThat(d.attempts()).isEqualTo(4);
        assertThat(d.detail()).contains("503").contains("giving up");
        assertThat(received).hasSize(4);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void connectionFailuresAreRetried() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        WebhookNotifier notifier = WebhookNotifier.builder("http://127.0.0.1:" + port + "/", SECRET,
                loopbackAllowed().build()).clock(CLOCK).sleeper(sleeps::add).maxAttempts(3).build();
        WebhookNotifier.Delivery d = notifier.deliver(EVENT);
        assertThat(d.delivered()).isFalse();
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.detail()).contains("could not be reached");
        assertThat(sleeps).hasSize(2);
        assertThatThrownBy(() -> notifier.notify(EVENT)).isInstanceOf(GyreException.NotReady.class);
    }

    @Test
    void aRedirectIsNotFollowed() {
        script.add(302);
        WebhookNotifier notifier = webhook(url("127.0.0.1"), loopbackAllowed().build());
        WebhookNotifier.Delivery d = notifier.deliver(EVENT);
        assertThat(d.delivered()).isFalse();
        assertThat(d.lastStatus()).isEqualTo(302);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.detail()).contains("does not follow redirects");
        assertThat(received).hasSize(1);
        assertThat(redirectTargetHits).hasValue(0);
        assertThat(sleeps).isEmpty();
    }

    // --- refusals: each with a clear message and no request reaching the server ---

    private void assertRefused(String url, EgressPolicy policy, Class<? extends GyreException> type, String hint) {
        assertThatThrownBy(() -> webhook(url, policy).deliver(EVENT)).isInstanceOf(type).hasMessageContaining(hint);
        assertThat(received).isEmpty();
        assertThat(redirectTargetHits).hasValue(0);
    }

    private static EgressPolicy allowing(String host) {
        return EgressPolicy.builder().allowHost(host).allowPlainHttp(true).build();
    }

    @Test
    void aHostNotOnTheAllowListIsRefused() {
        assertRefused(url("127.0.0.1"), EgressPolicy.builder().allowHost("hooks.example.com").allowPlainHttp(true)
                .allowPrivateAddresses(true).build(), GyreException.PermissionDenied.class,
                "'127.0.0.1' is not on the egress allow-list; an administrator must add it");
        assertRefused("https://evil.example.org/x", EgressPolicy.builder().allowHost("*.example.com").build(),
                GyreException.PermissionDenied.class, "not on the egress allow-list");
        assertRefused("https://example.com/x", EgressPolicy.builder().allowHost("*.example.com").build(),
                GyreException.PermissionDenied.class, "not on the egress allow-list");
        assertRefused(url("127.0.0.1"), EgressPolicy.builder().allowPlainHttp(true).build(),
                GyreException.PermissionDenied.class,
                "allowed hosts setting");
    }

    @Test
    void loopbackIsRefusedUnlessAllowed() {
        assertRefused(url("127.0.0.1"), allowing("127.0.0.1"), GyreException.PermissionDenied.class,
                "127.0.0.1, a loopback address; refused unless an administrator sets allowPrivateAddresses");
        assertRefused(url("localhost"), allowing("localhost"), GyreException.PermissionDenied.class,
                "a loopback address");
        assertRefused(url("[::1]"), allowing("::1"), GyreException.PermissionDenied.class, "a loopback address");
        assertRefused(url("[::ffff:127.0.0.1]"), allowing("::ffff:127.0.0.1"), GyreException.PermissionDenied.class,
                "a loopback address");
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedEvenIfOneOfItsAddressesIsPublic() {
        EgressPolicy policy = EgressPolicy.builder().allowHost("hooks.gyre.test").allowPlainHttp(true)
                .resolver(host -> new InetAddress[] {
                        InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}),
                        InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})})
                .build();
        assertRefused(url("hooks.gyre.test"), policy, GyreException.PermissionDenied.class,
                "'hooks.gyre.test' resolves to 127.0.0.1, a loopback address");
    }

    @Test
    void metadataPrivateAndUnspecifiedAddressesAreRefused() {
        EgressPolicy privateAllowed = EgressPolicy.builder().allowHost("169.254.169.254").allowPlainHttp(true)
                .allowPrivateAddresses(true).build();
        assertRefused("http://169.254.169.254/latest/meta-data/", privateAllowed, GyreException.PermissionDenied.class,
                "link-local address (this range holds cloud metadata services)");
        assertRefused(url("10.0.0.1"), allowing("10.0.0.1"), GyreException.PermissionDenied.class,
                "10.0.0.1, a private address");
        assertRefused(url("0.0.0.0"), EgressPolicy.builder().allowHost("0.0.0.0").allowPlainHttp(true)
                        .allowPrivateAddresses(true).allowCidr("0.0.0.0/0").build(),
                GyreException.PermissionDenied.class, "the unspecified address, which is never a valid webhook destination");
        assertRefused("http://[fe80::1]/", allowing("fe80::1"), GyreException.PermissionDenied.class, "link-local");
        assertRefused("http://[fd12:3456::1]/", allowing("fd12:3456::1"), GyreException.PermissionDenied.class,
                "private address");
    }

    @Test
    void malformedUrlsAreRefused() {
        assertRefused("http://user:pw@127.0.0.1:" + port() + "/", loopbackAllowed().build(),
                GyreException.InvalidArgument.class, "remove it");
        assertRefused("ftp://127.0.0.1:" + port() + "/", loopbackAllowed().build(),
                GyreException.InvalidArgument.class, "scheme 'ftp' is not allowed");
        assertRefused("http:///nohost", loopbackAllowed().build(), GyreException.InvalidArgument.class, "has no host");
        assertRefused(url("127.0.0.1"), EgressPolicy.builder().allowHost("127.0.0.1").allowCidr("127.0.0.0/8").build(),
                GyreException.InvalidArgument.class, "uses plain http; use https");
        assertThatThrownBy(() -> WebhookNotifier.builder(url("127.0.0.1"), "short", loopbackAllowed().build()).build())
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("shorter than 16");
        assertThatThrownBy(() -> EgressPolicy.builder().allowCidr("10.0.0.0"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("no prefix length");
        assertThatThrownBy(() -> EgressPolicy.builder().allowHost("https://x.example.com/"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not a host name");
        assertThat(received).isEmpty();
    }

    @Test
    void refusalsThroughTheEvaluatorAreRecordedNotThrown() {
        WebhookNotifier refused = webhook("http://169.254.169.254/", allowing("169.254.169.254"));
        AlertEvaluator ev = new AlertEvaluator(List.of(AlertRule.of("e", "error_rate", ">", 0.01)), List.of(refused),
                null, CLOCK);
        ev.observe("churn", "error_rate", 0.5, NOW);
        assertThat(ev.deliveryFailures()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("link-local"));
        assertThat(received).isEmpty();
    }
}
