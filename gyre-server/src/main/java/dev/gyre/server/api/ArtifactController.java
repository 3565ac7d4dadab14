package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.Uploads;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Artifacts as raw bytes. The path travels as the {@code path} query parameter (decoded once by
 * the server) and is confined by {@link ArtifactPath}; uploads stream to the store without being
 * held in memory.
 */
public final class ArtifactController {

    private static final int DEFAULT_PAGE = 1000;

    private final ArtifactStore store;
    private final Uploads uploads;

    public ArtifactController(ArtifactStore store, Uploads uploads) {
        this.store = store;
        this.uploads = uploads;
    }

    /** An artifact as the API shows it. */
    public record ArtifactDto(String path, long size, String sha256, Instant lastModified) {
        static ArtifactDto of(ArtifactInfo info) {
            return new ArtifactDto(info.path().value(), info.size(), info.sha256(), info.lastModified());
        }
    }

    public void upload(Context ctx, Principal principal) {
        ctx.status(201).json(ArtifactDto.of(uploads.put(store, path(ctx), ctx)));
    }

    public void download(Context ctx, Principal principal) {
        ArtifactPath path = path(ctx);
        ArtifactInfo info = store.head(path).orElseThrow(() -> notFound(path));
        boolean verify = Boolean.parseBoolean(ctx.queryParam("verify"));
        ctx.header("X-Gyre-Sha256", info.sha256() == null ? "" : info.sha256());
        ctx.header("Content-Length", Long.toString(info.size()));
        ctx.contentType("application/octet-stream");
        ctx.result(store.get(path, verify));
    }

    public void head(Context ctx, Principal principal) {
        ArtifactPath path = path(ctx);
        ArtifactInfo info = store.head(path).orElseThrow(() -> notFound(path));
        ctx.header("X-Gyre-Sha256", info.sha256() == null ? "" : info.sha256());
        ctx.header("Content-Length", Long.toString(info.size()));
        ctx.status(200);
    }

    public void meta(Context ctx, Principal principal) {
        ArtifactPath path = path(ctx);
        ctx.json(ArtifactDto.of(store.head(path).orElseThrow(() -> notFound(path))));
    }

    public void delete(Context ctx, Principal principal) {
        ArtifactPath path = path(ctx);
        boolean deleted = store.delete(path);
        ctx.json(Map.of("path", path.value(), "deleted", deleted));
    }

    public void list(Context ctx, Principal principal) {
        String prefix = ctx.queryParam("prefix");
        String rawMax = ctx.queryParam("max_results");
        int max = rawMax == null ? DEFAULT_PAGE : Params.positiveInt("max_results", rawMax);
        if (prefix != null && !prefix.isEmpty()) {
            // a prefix is a path or the start of one; validate its complete segments the same way
            String complete = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            if (!complete.isEmpty()) {
                ArtifactPath.of(complete);
            }
        }
        ArtifactPage page = store.list(prefix == null || prefix.isEmpty() ? null : prefix, ctx.queryParam("page_token"), max);
        List<ArtifactDto> items = page.items().stream().map(ArtifactDto::of).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("artifacts", items);
        body.put("next_page_token", page.nextPageToken());
        ctx.json(body);
    }

    private static ArtifactPath path(Context ctx) {
        String raw = ctx.queryParam("path");
        if (raw == null) {
            throw new GyreException.InvalidArgument("Query parameter 'path' is missing; give a relative artifact path, "
                    + "e.g. ?path=models/model.bin.");
        }
        return ArtifactPath.of(raw);
    }

    private static GyreException notFound(ArtifactPath path) {
        return new GyreException.NotFound("No artifact at '" + path.value() + "'. List artifacts with GET /api/v1/artifacts?prefix=…");
    }
}
