package dev.gyre.store.artifact;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens shared by all backends: the URL-safe base64 of a version tag and the last
 * path of the previous page. Listing resumes strictly after that path, so a token stays valid when
 * artifacts are added or removed between pages.
 */
final class PageTokens {

    private static final String VERSION = "v1:";
    private static final String INVALID = "Page token is not valid; pass the nextPageToken of the previous page "
            + "unchanged, or leave it out to start from the first page.";

    private PageTokens() {
    }

    static String encode(ArtifactPath lastOfPage) {
        byte[] bytes = (VERSION + lastOfPage.value()).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The path to resume after, or {@code null} for the first page. */
    static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new GyreException.InvalidArgument(INVALID);
        }
        if (!text.startsWith(VERSION)) {
            throw new GyreException.InvalidArgument(INVALID);
        }
        String path = text.substring(VERSION.length());
        try {
            ArtifactPath parsed = ArtifactPath.of(path);
            if (!parsed.value().equals(path)) {
                throw new GyreException.InvalidArgument(INVALID);
            }
            return path;
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.InvalidArgument(INVALID);
        }
    }
}
