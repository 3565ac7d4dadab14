package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import java.util.Map;
import java.util.Optional;

/**
 * Which platform to talk to and with which token, and where each came from.
 *
 * <p>URL: {@code --url}, else {@code GYRE_URL}, else what {@code gyre login} stored, else
 * {@value GyreClient#DEFAULT_URL}. Token: {@code --token}, else {@code GYRE_TOKEN}, else what
 * {@code gyre login} stored, but the stored token only goes to the platform it was stored for: it
 * is never sent to another URL.
 *
 * @param url         the platform URL (no trailing slash)
 * @param urlSource   {@code --url}, {@code GYRE_URL}, {@code gyre login} or {@code default}
 * @param token       the token, or {@code null}
 * @param tokenSource {@code --token}, {@code GYRE_TOKEN}, {@code gyre login}, or {@code null} without a token
 */
record Endpoint(String url, String urlSource, String token, String tokenSource) {

    static Endpoint resolve(String flagUrl, String flagToken, Map<String, String> env, Optional<Credentials> stored) {
        String url;
        String urlSource;
        if (present(flagUrl)) {
            url = flagUrl;
            urlSource = "--url";
        } else if (present(env.get("GYRE_URL"))) {
            url = env.get("GYRE_URL");
            urlSource = "GYRE_URL";
        } else if (stored.isPresent() && present(stored.get().url())) {
            url = stored.get().url();
            urlSource = "gyre login";
        } else {
            url = GyreClient.DEFAULT_URL;
            urlSource = "default";
        }
        url = trimUrl(url);

        String token = null;
        String tokenSource = null;
        if (present(flagToken)) {
            token = flagToken.strip();
            tokenSource = "--token";
        } else if (present(env.get("GYRE_TOKEN"))) {
            token = env.get("GYRE_TOKEN").strip();
            tokenSource = "GYRE_TOKEN";
        } else if (stored.isPresent() && present(stored.get().token()) && url.equals(trimUrl(stored.get().url()))) {
            token = stored.get().token();
            tokenSource = "gyre login";
        }
        return new Endpoint(url, urlSource, token, tokenSource);
    }

    static String trimUrl(String url) {
        if (url == null) {
            return "";
        }
        String value = url.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    GyreClient client() {
        return GyreClient.builder().url(url).token(token).build();
    }

    @Override
    public String toString() {
        return "Endpoint[url=" + url + ", urlSource=" + urlSource + ", tokenSource=" + tokenSource + "]";
    }
}
