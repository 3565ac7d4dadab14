package dev.gyre.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code X-Request-Id} header: taken from the request when it is well-formed, generated
 * otherwise, echoed in the response and put in every log line of the request.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "gyre.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Assigns the request id (before handler). */
    public static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : newId();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        org.slf4j.MDC.put("request_id", id);
    }

    /**
     * A new random id in the form of a version-4 UUID. Ids only need to be unique, not secret (they are echoed
     * to the caller and written in logs), so they are drawn from the thread's fast generator rather than the
     * secure one {@link UUID#randomUUID()} uses, a measurable share of a small inference request's cost.
     */
    public static String newId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The request id of this request. */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
