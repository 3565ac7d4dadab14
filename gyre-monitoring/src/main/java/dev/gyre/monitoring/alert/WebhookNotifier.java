package dev.gyre.monitoring.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Posts each event as JSON to a webhook, signed with the webhook's secret.
 *
 * <p>Headers: {@code X-Gyre-Timestamp} (Unix seconds), {@code X-Gyre-Signature: sha256=<hex>} where hex is
 * the lowercase HMAC-SHA256, keyed with the secret's UTF-8 bytes, of {@code <timestamp> "." <exact body bytes>},
 * and {@code X-Gyre-Event} (the event id, the same on every retry).
 *
 * <p>The destination is checked by the {@link EgressPolicy} before anything is sent, and the connection
 * goes to the address that was checked: this class opens the socket to that address itself and writes an
 * HTTP/1.1 request with the original host in the Host header (and, for https, as the TLS server name and
 * the name the certificate is verified against). The JDK's HTTP clients resolve the name again when they
 * connect and do not let callers set Host, so they could not pin the address.
 *
 * <p>2xx is success. 5xx and connection failures are retried with exponential backoff (initial delay
 * doubled per attempt, capped) up to the attempt limit; 4xx is not retried; 3xx is a failure and the
 * redirect is never followed. A certificate the notifier does not accept (untrusted, expired, or not naming
 * the host) is not retried either: it fails on the first attempt, since retrying cannot change it.
 *
 * <p>Certificates are checked against the JVM's trust store unless {@link Builder#sslContext} gives another
 * (for receivers with a certificate from a private CA). The host name is always verified.
 */
public final class WebhookNotifier implements Notifier {

    /** Outcome of one delivery: whether it succeeded, after how many attempts, the last status and why. */
    public record Delivery(boolean delivered, int attempts, int lastStatus, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;

    private final String url;
    private final byte[] secret;
    private final EgressPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;
    private final SSLSocketFactory tls;

    private WebhookNotifier(Builder b) {
        this.policy = Objects.requireNonNull(b.policy, "policy");
        this.policy.validate(b.url);
        this.url = b.url.trim();
        if (b.secret == null || b.secret.length() < 16) {
            throw new GyreException.InvalidArgument("webhook secret is missing or shorter than 16 characters; "
                    + "generate a random one (e.g. 32 random bytes, hex-encoded) and share it with the receiver");
        }
        this.secret = b.secret.getBytes(StandardCharsets.UTF_8);
        if (b.maxAttempts < 1 || b.maxAttempts > 10) {
            throw new GyreException.InvalidArgument("webhook attempts " + b.maxAttempts + " is out of range; give 1 to 10");
        }
        if (b.initialBackoff.isNegative() || b.maxBackoff.isNegative() || b.timeout.isNegative() || b.timeout.isZero()) {
            throw new GyreException.InvalidArgument("webhook backoff and timeout must be positive durations");
        }
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.timeout = b.timeout;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        try {
            this.tls = b.sslContext == null ? (SSLSocketFactory) SSLSocketFactory.getDefault()
                    : b.sslContext.getSocketFactory();
        } catch (IllegalStateException e) {
            throw new GyreException.InvalidArgument("webhook TLS context is not initialized; call SSLContext.init "
                    + "with trust managers for the receiver's CA before giving it to the notifier");
        }
    }

    /** A webhook to {@code url} signed with {@code secret}, allowed by {@code policy}. */
    public static Builder builder(String url, String secret, EgressPolicy policy) {
        return new Builder(url, secret, policy);
    }

    /** Delivers the event; throws when it could not be delivered (see {@link #deliver}). */
    @Override
    public void notify(AlertEvent event) {
        Delivery d = deliver(event);
        if (!d.delivered()) {
            if (d.lastStatus() >= 300 && d.lastStatus() < 500) {
                throw new GyreException.InvalidArgument(d.detail());
            }
            throw new GyreException.NotReady(d.detail());
        }
    }

    /**
     * Delivers the event. A destination the egress policy refuses throws (nothing is sent); a receiver that
     * fails is reported in the returned {@link Delivery}.
     */
    public Delivery deliver(AlertEvent event) {
        EgressPolicy.Target target = policy.resolve(url);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(event.toMap());
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to encode the alert event", e);
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = "sha256=" + sign(secret, timestamp, body);
        Duration backoff = initialBackoff;
        int status = 0;
        String detail = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            boolean retry;
            try {
                status = post(target, body, List.of(
                        "X-Gyre-Timestamp: " + timestamp,
                        "X-Gyre-Signature: " + signature,
                        "X-Gyre-Event: " + event.id()));
                if (status >= 200 && status < 300) {
                    return new Delivery(true, attempt, status, "delivered");
                }
                if (status >= 300 && status < 400) {
                    return new Delivery(false, attempt, status, "webhook " + target.host() + " answered " + status
                            + " (a redirect); Gyre does not follow redirects, configure the final URL instead");
                }
                if (status < 500) {
                    return new Delivery(false, attempt, status, "webhook " + target.host() + " refused the event with "
                            + status + "; check the receiver's URL and that it verifies signatures with the same secret");
                }
                detail = "webhook " + target.host() + " answered " + status;
                retry = true;
            } catch (SSLHandshakeException e) {
                if (causedBy(e, CertificateException.class)) {
                    return new Delivery(false, attempt, 0, "webhook " + target.host() + " presented a certificate "
                            + "that was not accepted (" + e.getMessage() + "); the receiver needs a valid certificate "
                            + "naming '" + target.host() + "' from a CA the notifier trusts (the JVM's trust store, "
                            + "or the private CA given to the notifier)");
                }
                status = 0;
                detail = "webhook " + target.host() + " could not be reached (TLS handshake failed: " + e.getMessage() + ")";
                retry = true;
            } catch (IOException e) {
                status = 0;
                detail = "webhook " + target.host() + " could not be reached (" + e.getClass().getSimpleName() + ")";
                retry = true;
            }
            if (retry && attempt < maxAttempts) {
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Delivery(false, attempt, status, detail + "; interrupted while waiting to retry");
                }
                Duration next = backoff.multipliedBy(2);
                backoff = next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
            }
        }
        return new Delivery(false, maxAttempts, status, detail + " after " + maxAttempts + " attempt(s); giving up");
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The signature scheme: lowercase hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new GyreException.Internal("unable to sign the webhook payload", e);
        }
    }

    private int post(EgressPolicy.Target target, byte[] body, List<String> extraHeaders) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(target.address(), target.port()), millis);
            raw.setSoTimeout(millis);
            Socket socket = raw;
            if (target.scheme().equals("https")) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!target.host().contains(":") && !target.host().matches("[0-9.]+")) {
                    params.setServerNames(List.of(new SNIHostName(target.host())));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
                    ? "/" : target.uri().getRawPath();
            if (target.uri().getRawQuery() != null) {
                path += "?" + target.uri().getRawQuery();
            }
            String hostHeader = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
            boolean defaultPort = target.port() == (target.scheme().equals("https") ? 443 : 80);
            if (!defaultPort) {
                hostHeader += ":" + target.port();
            }
            StringBuilder head = new StringBuilder()
                    .append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(hostHeader).append("\r\n")
                    .append("User-Agent: gyre-alerts\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n")
                    .append("Connection: close\r\n");
            for (String h : extraHeaders) {
                head.append(h).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readStatus(socket.getInputStream());
        }
    }

    /** Reads the status line and headers (bounded), then returns the status code. */
    private static int readStatus(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            headBytes.write(c);
            if (headBytes.size() > MAX_RESPONSE_HEAD) {
                throw new IOException("response head too large");
            }
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (c == '\r' ? 1 : 0);
        }
        String head = headBytes.toString(StandardCharsets.ISO_8859_1);
        int eol = head.indexOf("\r\n");
        String statusLine = eol < 0 ? head : head.substring(0, eol);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status");
        }
    }

    /** Settings of a webhook; defaults: 4 attempts, backoff 500 ms doubling up to 30 s, 10 s timeout. */
    public static final class Builder {
        private final String url;
        private final String secret;
        private final EgressPolicy policy;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(10);
        private SSLContext sslContext;

        private Builder(String url, String secret, EgressPolicy policy) {
            this.url = url;
            this.secret = secret;
            this.policy = policy;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s);
            return this;
        }

        public Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        public Builder timeout(Duration t) {
            this.timeout = Objects.requireNonNull(t);
            return this;
        }

        /**
         * The TLS context for https webhooks, for a receiver whose certificate comes from a private CA: build it
         * from a trust store holding that CA ({@code TrustManagerFactory}), never from a trust manager that
         * accepts any certificate. Without it the JVM's default context (its trust store) is used. Either way
         * the notifier requires the certificate to name the webhook's host; there is no setting to skip that.
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }
}
