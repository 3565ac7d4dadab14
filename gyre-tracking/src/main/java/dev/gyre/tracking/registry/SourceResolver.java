package dev.gyre.tracking.registry;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a model version's {@code source} into the confined path of its files inside Gyre's artifact
 * store, refusing every source that points anywhere else (local files, other buckets, web servers,
 * traversal). Registering a version never reads or fetches anything; the files are later served only
 * from the resolved path.
 *
 * <p>Accepted sources:
 * <ul>
 *   <li>{@code runs:/<run_id>/<path>}: a path inside a run's artifacts, resolved through
 *       {@link RunLineage} (the run's artifact URI must itself be inside the store);</li>
 *   <li>{@code mlflow-artifacts:/<path>}: a path inside the store, as MLflow's artifact proxy names it;</li>
 *   <li>the store's own root URI (e.g. {@code file:/srv/gyre/artifacts} or {@code s3://bucket/prefix})
 *       followed by {@code /<path>}.</li>
 * </ul>
 * Every {@code <path>} must be a valid {@link ArtifactPath} (no {@code ..}, no percent-encoding, no
 * backslashes, no URL syntax). Thread-safe.
 */
public final class SourceResolver {

    static final String RUNS_SCHEME = "runs:/";
    static final String PROXY_SCHEME = "mlflow-artifacts:";
    private static final Pattern RUN_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,255}");
    private static final int MAX_SOURCE_LENGTH = 5000;
    private static final String ACCEPTED = "Accepted sources are 'runs:/<run_id>/<path>', "
            + "'mlflow-artifacts:/<path>', or a URI inside Gyre's artifact store (the root shown in a run's "
            + "artifact_uri) followed by '/<path>'";

    private final String root;
    private final RunLineage runs;

    /**
     * @param artifactRootUri the root URI of Gyre's artifact store, such as {@code file:/srv/gyre/artifacts}
     *                        or {@code s3://bucket/prefix}
     * @param runs            how to find a run's artifact URI
     */
    public SourceResolver(String artifactRootUri, RunLineage runs) {
        Objects.requireNonNull(artifactRootUri, "artifactRootUri");
        this.runs = Objects.requireNonNull(runs, "runs");
        String normalized = normalize(artifactRootUri.strip());
        while (normalized.endsWith("/") && !normalized.endsWith(":/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        if (normalized.indexOf(':') < 1) {
            throw new IllegalArgumentException("artifact root must be a URI with a scheme: " + artifactRootUri);
        }
        this.root = normalized;
    }

    /**
     * The confined path inside the artifact store that {@code source} names.
     *
     * @throws GyreException.InvalidArgument if the source is not one of the accepted forms, names a path
     *                                       outside the store, or names a run that does not exist
     */
    public ArtifactPath resolve(String source) {
        if (source == null || source.isBlank()) {
            throw refused(source, "it is empty");
        }
        if (source.length() > MAX_SOURCE_LENGTH) {
            throw refused(source.substring(0, 80), "it is longer than " + MAX_SOURCE_LENGTH + " characters");
        }
        if (startsWithIgnoreCase(source, RUNS_SCHEME)) {
            String rest = source.substring(RUNS_SCHEME.length());
            int slash = rest.indexOf('/');
            String runId = slash < 0 ? rest : rest.substring(0, slash);
            String relative = slash < 0 ? "" : rest.substring(slash + 1);
            if (!RUN_ID.matcher(runId).matches()) {
                throw refused(source, "'" + runId + "' is not a run id");
            }
            RunFacts facts = runs.lookup(runId)
                    .orElseThrow(() -> refused(source, "run '" + runId + "' does not exist"));
            ArtifactPath base;
            try {
                base = resolveInStore(facts.artifactUri());
            } catch (GyreException.InvalidArgument e) {
                throw refused(source, "the artifact location of run '" + runId + "' is outside Gyre's artifact store");
            }
            relative = stripTrailingSlash(relative);
            return relative.isEmpty() ? base : path(source, base.value() + "/" + relative);
        }
        return resolveInStore(source);
    }

    /**
     * The run id named by a {@code runs:/<run_id>/…} source, or empty for other sources. Does not validate.
     */
    public static Optional<String> runIdOf(String source) {
        if (source == null || !startsWithIgnoreCase(source, RUNS_SCHEME)) {
            return Optional.empty();
        }
        String rest = source.substring(RUNS_SCHEME.length());
        int slash = rest.indexOf('/');
        String runId = slash < 0 ? rest : rest.substring(0, slash);
        return runId.isEmpty() ? Optional.empty() : Optional.of(runId);
    }

    /** The {@code mlflow-artifacts:/} URI under which clients download the files at {@code path}. */
    public static String downloadUri(String storageLocation) {
        return PROXY_SCHEME + "/" + storageLocation;
    }

    private ArtifactPath resolveInStore(String source) {
        if (startsWithIgnoreCase(source, PROXY_SCHEME)) {
            String rest = source.substring(PROXY_SCHEME.length());
            if (rest.startsWith("///")) {
                rest = rest.substring(3);
            } else if (rest.startsWith("/") && !rest.startsWith("//")) {
                rest = rest.substring(1);
            } else {
                throw refused(source, "only the form 'mlflow-artifacts:/<path>' (without a host) is accepted");
            }
            return path(source, stripTrailingSlash(rest));
        }
        String normalized = normalize(source);
        String prefix = root + "/";
        if (normalized.startsWith(prefix)) {
            return path(source, stripTrailingSlash(normalized.substring(prefix.length())));
        }
        if (normalized.equals(root)) {
            throw refused(source, "it names the root of the artifact store itself; name a folder inside it");
        }
        return throwOutside(source);
    }

    private ArtifactPath throwOutside(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        String why;
        if (lower.startsWith("http:") || lower.startsWith("https:")) {
            why = "Gyre does not fetch models from web servers; upload the files to a run and register 'runs:/<run_id>/<path>'";
        } else if (lower.startsWith("file:") || source.startsWith("/") || source.startsWith("\\")
                || (source.length() > 1 && source.charAt(1) == ':' && Character.isLetter(source.charAt(0)))) {
            why = "it is a local file path outside Gyre's artifact store";
        } else {
            why = "it is outside Gyre's artifact store";
        }
        throw refused(source, why);
    }

    private static ArtifactPath path(String source, String relative) {
        try {
            return ArtifactPath.of(relative);
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.InvalidArgument("Model version source '" + printable(source) + "' is refused: "
                    + e.getMessage() + " " + ACCEPTED + ".", e);
        }
    }

    /** Lower-cases the scheme and writes {@code file:///x} and {@code file://localhost/x} as {@code file:/x}. */
    private static String normalize(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 1 || !uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.\\-]*")) {
            return uri;
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        if (scheme.equals("file")) {
            if (rest.startsWith("///")) {
                rest = rest.substring(2);
            } else if (rest.startsWith("//localhost/")) {
                rest = rest.substring("//localhost".length());
            }
        }
        return scheme + ":" + rest;
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static GyreException.InvalidArgument refused(String source, String why) {
        return new GyreException.InvalidArgument("Model version source '" + printable(source) + "' is refused: "
                + why + ". " + ACCEPTED + ".");
    }

    private static String printable(String source) {
        if (source == null) {
            return "";
        }
        String cut = source.length() > 200 ? source.substring(0, 197) + "..." : source;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format(Locale.ROOT, "U+%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
