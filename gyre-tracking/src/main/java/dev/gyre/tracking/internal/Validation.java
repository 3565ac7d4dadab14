package dev.gyre.tracking.internal;

import dev.gyre.core.GyreException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * MLflow's validation rules and limits for tracking entities. Every failure is an
 * {@link GyreException.InvalidArgument} (MLflow's {@code INVALID_PARAMETER_VALUE}) whose message says
 * what to fix.
 */
public final class Validation {

    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_ENTITY_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_RUN_NAME_LENGTH = 250;
    public static final int MAX_DATASET_NAME_LENGTH = 500;
    public static final int MAX_DATASET_DIGEST_LENGTH = 36;
    public static final int MAX_DATASET_SOURCE_TYPE_LENGTH = 36;
    public static final int MAX_DATASET_SOURCE_LENGTH = 65535;
    public static final int MAX_DATASET_SCHEMA_LENGTH = 1_048_575;
    public static final int MAX_DATASET_PROFILE_LENGTH = 16_384;
    public static final int MAX_INPUT_TAG_KEY_LENGTH = 255;
    public static final int MAX_INPUT_TAG_VALUE_LENGTH = 500;
    public static final int MAX_RESULTS_DEFAULT = 1000;
    public static final int MAX_RESULTS_LIMIT = 50_000;

    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern KEY_CHARACTERS = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);

    private Validation() {
    }

    /** A run id as MLflow accepts it: {@code ^[a-zA-Z0-9][\w\-]{0,255}$}. */
    public static void runId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw invalid("Invalid value '" + abbreviate(runId) + "' for parameter 'run_id' supplied: run ids start with"
                    + " a letter or digit, followed by at most 255 letters, digits, '_' or '-'.");
        }
    }

    /** A metric, parameter or tag key: non-empty, at most 250 characters, safe as a file name. */
    public static void key(String kind, String key) {
        if (key == null || key.isEmpty()) {
            throw invalid("Missing value for parameter 'key': each " + kind + " needs a non-empty key.");
        }
        if (!KEY_CHARACTERS.matcher(key).matches()) {
            throw invalid("Invalid " + kind + " name: '" + abbreviate(key) + "'. Names may only contain alphanumerics,"
                    + " underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).");
        }
        if (pathNotUnique(key)) {
            throw invalid("Invalid " + kind + " name: '" + abbreviate(key) + "'. Names may be treated as files in"
                    + " certain cases, and must not resolve to other names when treated as such. This name would"
                    + " resolve to '" + normalize(key) + "'.");
        }
        length(kind + " key", key, MAX_ENTITY_KEY_LENGTH);
    }

    /** A value no longer than {@code limit} characters. */
    public static void length(String what, String value, int limit) {
        if (value != null && value.length() > limit) {
            throw invalid(capitalize(what) + " '" + abbreviate(value) + "' had length " + value.length()
                    + ", which exceeded length limit of " + limit + ". Shorten it to at most " + limit + " characters.");
        }
    }

    /** A required string value that must not be null. */
    public static String required(String parameter, String value) {
        if (value == null) {
            throw invalid("Missing value for required parameter '" + parameter + "'.");
        }
        return value;
    }

    /** An experiment name: non-empty, at most 500 characters. */
    public static void experimentName(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("Invalid experiment name: '" + (name == null ? "" : name)
                    + "'. An experiment needs a non-empty name.");
        }
        length("experiment name", name, MAX_EXPERIMENT_NAME_LENGTH);
    }

    /** A {@code max_results} between 1 and {@code limit}; {@code null} means {@code dflt}. */
    public static int maxResults(Integer maxResults, int dflt, int limit) {
        if (maxResults == null) {
            return dflt;
        }
        if (maxResults < 1 || maxResults > limit) {
            throw invalid("Invalid value " + maxResults + " for parameter 'max_results' supplied. It must be at"
                    + " least 1 and at most " + limit + ".");
        }
        return maxResults;
    }

    /** The counts of a log-batch request against MLflow's limits. */
    public static void batchSize(int metrics, int params, int tags) {
        if (metrics > MAX_METRICS_PER_BATCH) {
            throw invalid("A batch logging request can contain at most " + MAX_METRICS_PER_BATCH + " metrics. Got "
                    + metrics + " metrics. Please split up metrics across multiple requests and try again.");
        }
        if (params > MAX_PARAMS_TAGS_PER_BATCH) {
            throw invalid("A batch logging request can contain at most " + MAX_PARAMS_TAGS_PER_BATCH + " params. Got "
                    + params + " params. Please split up params across multiple requests and try again.");
        }
        if (tags > MAX_PARAMS_TAGS_PER_BATCH) {
            throw invalid("A batch logging request can contain at most " + MAX_PARAMS_TAGS_PER_BATCH + " tags. Got "
                    + tags + " tags. Please split up tags across multiple requests and try again.");
        }
        int total = metrics + params + tags;
        if (total > MAX_ENTITIES_PER_BATCH) {
            throw invalid("A batch logging request can contain at most " + MAX_ENTITIES_PER_BATCH
                    + " total metrics, params and tags. Got " + metrics + " metrics, " + params + " params and "
                    + tags + " tags (" + total + " in all). Please split up entities across multiple requests and"
                    + " try again.");
        }
    }

    /**
     * Whether the name, read as a relative POSIX path, normalises to something else (MLflow's
     * {@code path_not_unique}): {@code a/../b}, {@code ./a}, {@code a//b}, {@code /a}, {@code a/}, {@code ..}.
     */
    public static boolean pathNotUnique(String name) {
        String normalized = normalize(name);
        return !normalized.equals(name) || normalized.equals(".") || normalized.startsWith("..")
                || normalized.startsWith("/");
    }

    /** POSIX path normalisation as Python's {@code posixpath.normpath} does it. */
    static String normalize(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int leadingSlashes = path.startsWith("/") ? (path.startsWith("//") && !path.startsWith("///") ? 2 : 1) : 0;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && (leadingSlashes == 0 && (parts.isEmpty() || parts.peekLast().equals("..")))) {
                parts.addLast(part);
            } else if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        String result = "/".repeat(leadingSlashes) + joined;
        return result.isEmpty() ? "." : result;
    }

    /** The error for a bad value. */
    public static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }

    /** The value cut to at most 100 characters for a message. */
    public static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 100 ? value : value.substring(0, 97) + "...";
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
