package dev.gyre.monitoring.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.gyre.core.GyreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The https path against a real TLS receiver on loopback: an {@link HttpsServer} with a self-signed certificate
 * for DNS {@code localhost} and IP {@code 127.0.0.1} (see {@code tls/README.md} in the test resources). Every
 * delivery here goes through a real TLS handshake.
 */
class WebhookNotifierTlsTest {

    private static final String SECRET = "a-shared-secret-of-32-characters";
    private static final char[] STORE_PASSWORD = "gyre-test-only".toCharArray();
    private static final String KEYSTORE = "/tls/webhook-receiver-localhost.p12";
    private static final String ALIAS = "webhook-receiver";
    /** A name not on the certificate, which the test resolver maps to loopback like localhost. */
    private static final String OTHER_NAME = "webhooks.gyre.test";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AlertEvent EVENT = new AlertEvent(AlertEvent.Kind.FIRING, "churn", "error_rate", "error_rate",
            Comparison.GREATER_THAN, 0.01, 0.07, Severity.CRITICAL, NOW.minusSeconds(300), NOW);

    /** What the receiver saw of one request. */
    record Received(String host, String timestamp, boolean signatureValid, byte[] body) {
    }

    private KeyStore keyStore;
    private HttpsServer server;
    private HttpServer plainServer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> plainReceived = new CopyOnWriteArrayList<>();
    /** The server name the client sent in each TLS handshake (one entry per ClientHello carrying a name). */
    private final List<String> serverNamesSeen = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = WebhookNotifierTlsTest.class.getResourceAsStream(KEYSTORE)) {
            assertThat(in).as("test keystore " + KEYSTORE).isNotNull();
            keyStore.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, STORE_PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters p) {
                SSLParameters params = getSSLContext().getDefaultSSLParameters();
                params.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        serverNamesSeen.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                p.setSSLParameters(params);
            }
        });
        server.createContext("/", ex -> receive(ex, received));
        server.start();

        plainServer = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        plainServer.createContext("/", ex -> receive(ex, plainReceived));
        plainServer.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        plainServer.stop(0);
    }

    /** Verifies the signature as a receiver would: HMAC-SHA256 over timestamp "." exact body bytes. */
    private static void receive(HttpExchange ex, List<Received> into) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String timestamp = ex.getRequestHeaders().getFirst("X-Gyre-Timestamp");
        String signature = ex.getRequestHeaders().getFirst("X-Gyre-Signature");
        boolean valid;
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
        into.add(new Received(ex.getRequestHeaders().getFirst("Host"), timestamp, valid, body));
        ex.sendResponseHeaders(valid ? 200 : 401, -1);
        ex.close();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    /** A client context that trusts exactly the receiver's self-signed certificate, as a private CA would be. */
    private SSLContext trustingTheReceiver() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("receiver", keyStore.getCertificate(ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * Allows localhost, 127.0.0.1 and the other name over https, with loopback opened by the 127.0.0.0/8 CIDR.
     * The system resolver answers for localhost (its IPv4 answers only, as the receiver listens on 127.0.0.1).
     */
    private static EgressPolicy.Builder loopbackHttps() {
        return EgressPolicy.builder().allowHost("localhost").allowHost("127.0.0.1").allowHost(OTHER_NAME)
                .allowCidr("127.0.0.0/8")
                .resolver(host -> host.equals(OTHER_NAME)
                        ? new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})}
                        : Arrays.stream(InetAddress.getAllByName(host)).filter(Inet4Address.class::isInstance)
                                .toArray(InetAddress[]::new));
    }

    private WebhookNotifier.Builder webhook(String url) {
        return WebhookNotifier.builder(url, SECRET, loopbackHttps().build()).clock(CLOCK).sleeper(sleeps::add);
    }

    private String httpsUrl(String host) {
        return "https://" + host + ":" + port() + "/hooks/gyre?team=ml";
    }

    @Test
    void theTestCertificateNamesLocalhostAndTheLoopbackAddress() throws Exception {
        X509Certificate cert = (X509Certificate) keyStore.getCertificate(ALIAS);
        List<Object> names = cert.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList();
        assertThat(names).containsExactlyInAnyOrder("localhost", "127.0.0.1");
        cert.checkValidity();
        assertThat(InetAddress.getAllByName("localhost")).contains(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    }

    @Test
    void anHttpsWebhookWithATrustedCertificateNamingTheHostReceivesASignedEvent() throws Exception {
        WebhookNotifier.Delivery d = webhook(httpsUrl("localhost")).sslContext(trustingTheReceiver()).build()
                .deliver(EVENT);

        assertThat(d.delivered()).as(d.detail()).isTrue();
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastStatus()).isEqualTo(200);
        assertThat(sleeps).isEmpty();
        assertThat(serverNamesSeen).containsExactly("localhost");
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
            assertThat(r.host()).isEqualTo("localhost:" + port());
            assertThat(r.body()).isEqualTo(new ObjectMapper().writeValueAsBytes(EVENT.toMap()));
        });
        JsonNode json = new ObjectMapper().readTree(received.get(0).body());
        assertThat(json.get("status").asText()).isEqualTo("firing");
        assertThat(json.get("rule").asText()).isEqualTo("error_rate");
        assertThat(json.get("value").asDouble()).isEqualTo(0.07);
    }

    @Test
    void anIpLiteralIsVerifiedAgainstTheCertificatesIpAddress() throws Exception {
        WebhookNotifier.Delivery d = webhook(httpsUrl("127.0.0.1")).sslContext(trustingTheReceiver()).build()
                .deliver(EVENT);

        assertThat(d.delivered()).as(d.detail()).isTrue();
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.host()).isEqualTo("127.0.0.1:" + port());
        });
        assertThat(serverNamesSeen).as("no server name is sent for an IP literal").isEmpty();
    }

    @Test
    void aTrustedCertificateThatDoesNotNameTheHostIsRefusedWithoutRetrying() throws Exception {
        WebhookNotifier notifier = webhook(httpsUrl(OTHER_NAME)).sslContext(trustingTheReceiver()).build();

        WebhookNotifier.Delivery d = notifier.deliver(EVENT);

        assertThat(d.delivered()).isFalse();
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastStatus()).isZero();
        assertThat(d.detail()).contains("webhook " + OTHER_NAME + " presented a certificate that was not accepted")
                .contains(OTHER_NAME).contains("naming '" + OTHER_NAME + "'");
        assertThat(sleeps).isEmpty();
        assertThat(serverNamesSeen).as("exactly one handshake, carrying the requested name")
                .containsExactly(OTHER_NAME);
        assertThat(received).isEmpty();
        assertThatThrownBy(() -> notifier.notify(EVENT)).isInstanceOf(GyreException.NotReady.class)
                .hasMessageContaining("certificate");
        assertThat(received).isEmpty();
    }

    @Test
    void aCertificateNotInTheJvmTrustStoreIsRefusedWithoutRetrying() {
        WebhookNotifier.Delivery d = webhook(httpsUrl("localhost")).maxAttempts(4).build().deliver(EVENT);

        assertThat(d.delivered()).isFalse();
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.detail()).contains("webhook localhost presented a certificate that was not accepted")
                .contains("trust");
        assertThat(sleeps).isEmpty();
        assertThat(serverNamesSeen).containsExactly("localhost");
        assertThat(received).isEmpty();
    }

    @Test
    void plainHttpToTheSameHostIsRefusedWhenHttpIsNotAllowed() throws Exception {
        String plainUrl = "http://localhost:" + plainServer.getAddress().getPort() + "/hooks/gyre?team=ml";

        assertThatThrownBy(() -> webhook(plainUrl).sslContext(trustingTheReceiver()).build())
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("uses plain http; use https");
        assertThat(plainReceived).isEmpty();
        assertThat(received).isEmpty();

        // The same receiver is reachable over http once an administrator allows it, so the refusal above was
        // the policy's doing and not an unreachable server.
        WebhookNotifier.Delivery allowed = WebhookNotifier.builder(plainUrl, SECRET,
                loopbackHttps().allowPlainHttp(true).build()).clock(CLOCK).sleeper(sleeps::add).build().deliver(EVENT);
        assertThat(allowed.delivered()).as(allowed.detail()).isTrue();
        assertThat(plainReceived).singleElement().satisfies(r -> assertThat(r.signatureValid()).isTrue());
    }

    @Test
    void anUninitializedTlsContextIsRejectedWhenTheWebhookIsBuilt() throws Exception {
        SSLContext uninitialized = SSLContext.getInstance("TLS");
        assertThatThrownBy(() -> webhook(httpsUrl("localhost")).sslContext(uninitialized).build())
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("not initialized");
    }
}
