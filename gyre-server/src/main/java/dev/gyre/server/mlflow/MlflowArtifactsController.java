package dev.gyre.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.http.Uploads;
import dev.gyre.tracking.TrackingService;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow's artifact routes: {@code artifacts/list} of a run, and the artifact proxy
 * {@code /api/2.0/mlflow-artifacts/artifacts/<path>} that MLflow clients use when the run's
 * artifact URI is {@code mlflow-artifacts:/…} (which is what Gyre hands out, so clients never write
 * to the store directly). Paths are confined by {@link ArtifactPath}.
 */
public final class MlflowArtifactsController {

    /** The scheme of the artifact URIs Gyre gives runs and experiments. */
    public static final String PROXY_ROOT = "mlflow-artifacts:/";
    private static final int MAX_LISTED = 10_000;

    private final TrackingService tracking;
    private final ArtifactStore store;
    private final JsonBodies bodies;
    private final Uploads uploads;
    private final MultipartUploads multipart;

    public MlflowArtifactsController(TrackingService tracking, ArtifactStore store, JsonBodies bodies, Uploads uploads,
                                     MultipartUploads multipart) {
        this.tracking = tracking;
        this.store = store;
        this.bodies = bodies;
        this.uploads = uploads;
        this.multipart = multipart;
    }

    /** {@code GET artifacts/list?run_id=…&path=…}: the direct children of a folder of the run's artifacts. */
    public void listRunArtifacts(Context ctx, Principal principal) {
        MlflowRequest r = MlflowRequest.of(ctx, bodies);
        String runId = r.optional("run_id") != null ? r.optional("run_id") : r.optional("run_uuid");
        if (runId == null || runId.isEmpty()) {
            throw MlflowRequest.missing("run_id");
        }
        String rootUri = tracking.getRun(runId).info().artifactUri();
        if (rootUri == null || !rootUri.startsWith(PROXY_ROOT)) {
            throw new GyreException.InvalidArgument("Run '" + runId + "' keeps its artifacts outside Gyre's store ("
                    + rootUri + "); Gyre can only list artifacts it stores.");
        }
        String base = rootUri.substring(PROXY_ROOT.length());
        String sub = relative(r.optional("path"));
        ObjectNode body = MlflowJson.object();
        body.put("root_uri", rootUri);
        ArrayNode files = body.putArray("files");
        children(join(base, sub), (name, info) -> {
            String relative = sub == null || sub.isEmpty() ? name : trimSlashes(sub) + "/" + name;
            ObjectNode file = files.addObject().put("path", relative).put("is_dir", info == null);
            if (info != null) {
                file.put("file_size", info.size());
            }
        });
        ctx.json(body);
    }

    /** {@code GET /api/2.0/mlflow-artifacts/artifacts?path=…}: the direct children of a folder, by base name. */
    public void proxyList(Context ctx, Principal principal) {
        String path = relative(ctx.queryParam("path"));
        ObjectNode body = MlflowJson.object();
        ArrayNode files = body.putArray("files");
        children(path, (name, info) -> {
            ObjectNode file = files.addObject().put("path", name).put("is_dir", info == null);
            if (info != null) {
                file.put("file_size", info.size());
            }
        });
        ctx.json(body);
    }

    public void proxyDownload(Context ctx, Principal principal) {
        ArtifactPath path = ArtifactPath.of(ctx.pathParam("path"));
        ArtifactInfo info = store.head(path).orElseThrow(() -> new GyreException.NotFound(
                "No artifact at '" + path.value() + "'."));
        ctx.header("Content-Length", Long.toString(info.size()));
        ctx.contentType("application/octet-stream");
        ctx.result(store.get(path, false));
    }

    public void proxyUpload(Context ctx, Principal principal) {
        uploads.put(store, ArtifactPath.of(ctx.pathParam("path")), ctx);
        ctx.json(MlflowJson.object());
    }

    public void proxyDelete(Context ctx, Principal principal) {
        ArtifactPath path = ArtifactPath.of(ctx.pathParam("path"));
        // MLflow deletes a folder's contents too
        String prefix = path.value() + "/";
        String token = null;
        do {
            ArtifactPage page = store.list(prefix, token, 1000);
            page.items().forEach(item -> store.delete(item.path()));
            token = page.nextPageToken();
        } while (token != null);
        store.delete(path);
        ctx.json(MlflowJson.object());
    }

    /**
     * {@code POST mpu/create/<folder>} with {@code {path, num_parts}}: starts a multipart upload of the file
     * {@code <folder>/<base name of path>} (where MLflow puts it) and answers one URL per part.
     */
    public void mpuCreate(Context ctx, Principal principal) {
        MlflowRequest r = MlflowRequest.of(ctx, bodies);
        ArtifactPath target = mpuTarget(ctx, r);
        Integer parts = r.optionalInt("num_parts");
        if (parts == null) {
            throw MlflowRequest.missing("num_parts");
        }
        String base = ctx.scheme() + "://" + ctx.host();
        var created = multipart.create(target, parts, principal.user().id(), base);
        ObjectNode body = MlflowJson.object();
        body.put("upload_id", created.getKey());
        ArrayNode credentials = body.putArray("credentials");
        for (MultipartUploads.PartUrl part : created.getValue()) {
            credentials.addObject().put("url", part.url()).put("part_number", part.partNumber()).putObject("headers");
        }
        ctx.json(body);
    }

    /** {@code PUT mpu/upload/{upload_id}/{part}}: one part, authorised by the URL's signature; answers its ETag. */
    public void mpuPart(Context ctx, Principal principal) {
        InputStream in;
        try {
            in = ctx.req().getInputStream();
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Could not read the part: " + e.getMessage());
        }
        String etag = multipart.putPart(ctx.pathParam("upload_id"), ctx.pathParam("part"), ctx.queryParam("expires"),
                ctx.queryParam("signature"), in);
        ctx.header("ETag", etag);
        ctx.status(200);
    }

    /** {@code POST mpu/complete/<folder>} with {@code {path, upload_id, parts: [{part_number, etag}]}}. */
    public void mpuComplete(Context ctx, Principal principal) {
        MlflowRequest r = MlflowRequest.of(ctx, bodies);
        ArtifactPath target = mpuTarget(ctx, r);
        List<MultipartUploads.CompletedPart> parts = new ArrayList<>();
        for (var part : r.objects("parts")) {
            if (!part.path("part_number").canConvertToInt()) {
                throw new GyreException.InvalidArgument("Each part needs an integer part_number.");
            }
            parts.add(new MultipartUploads.CompletedPart(part.path("part_number").asInt(),
                    part.hasNonNull("etag") ? part.get("etag").asText() : null));
        }
        multipart.complete(store, target, r.required("upload_id"), parts, principal.user().id());
        ctx.json(MlflowJson.object());
    }

    /** {@code POST mpu/abort/<folder>} with {@code {path, upload_id}}. */
    public void mpuAbort(Context ctx, Principal principal) {
        MlflowRequest r = MlflowRequest.of(ctx, bodies);
        multipart.abort(mpuTarget(ctx, r), r.required("upload_id"), principal.user().id());
        ctx.json(MlflowJson.object());
    }

    private static ArtifactPath mpuTarget(Context ctx, MlflowRequest r) {
        String local = r.required("path");
        String name = local.substring(local.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new GyreException.InvalidArgument("'path' must name a file, got '" + local + "'.");
        }
        return ArtifactPath.of(trimSlashes(ctx.pathParam("path")) + "/" + name);
    }

    /** Calls {@code sink} with each direct child of the folder: files with their info, folders with {@code null}. */
    private void children(String folder, java.util.function.BiConsumer<String, ArtifactInfo> sink) {
        String prefix = folder.isEmpty() ? null : ArtifactPath.of(folder).value() + "/";
        Map<String, ArtifactInfo> children = new TreeMap<>();
        String token = null;
        int seen = 0;
        do {
            ArtifactPage page = store.list(prefix, token, 1000);
            for (ArtifactInfo item : page.items()) {
                String rest = prefix == null ? item.path().value() : item.path().value().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    children.put(rest, item);
                } else {
                    children.putIfAbsent(rest.substring(0, slash), null);
                }
            }
            seen += page.items().size();
            token = page.nextPageToken();
        } while (token != null && seen < MAX_LISTED);
        children.forEach(sink);
    }

    /**
     * A folder named by a client, relative to the store (or the run's artifacts): trailing slashes are
     * dropped, an absolute path is refused as MLflow refuses it, everything else is checked by
     * {@link ArtifactPath} when the folder is listed.
     */
    private static String relative(String path) {
        if (path == null) {
            return "";
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            ArtifactPath.of(path);
            throw new GyreException.InvalidArgument("Artifact path '" + path + "' is absolute; give a path relative to the artifact root.");
        }
        String v = path;
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    private static String join(String base, String sub) {
        String b = trimSlashes(base);
        String s = sub == null ? "" : trimSlashes(sub);
        return s.isEmpty() ? b : b.isEmpty() ? s : b + "/" + s;
    }

    private static String trimSlashes(String value) {
        String v = value;
        while (v.startsWith("/")) {
            v = v.substring(1);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
