package dev.gyre.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MLflow conformance fixtures under {@code src/test/resources/mlflow}: response shapes per route
 * group, the registry call script, and the npm client driver.
 *
 * <p>Field paths are dotted; a list is written {@code name[]}, so {@code run.data.metrics[].step}
 * is the {@code step} of some element of {@code run.data.metrics}, and {@code aliases[]} says that
 * a list of scalars has at least one element. A field whose value is JSON {@code null} counts as
 * absent, as MLflow leaves unset fields out.
 */
public final class MlflowFixtures {

    /** Route groups, one shapes file each. */
    public static final List<String> GROUPS = List.of(
            "experiments", "runs", "metrics", "artifacts", "registered-models", "model-versions", "mlflow-artifacts");

    /** Files of the npm client driver that a test copies to a scratch folder before {@code npm ci}. */
    public static final List<String> NODE_CLIENT_FILES = List.of("package.json", "package-lock.json", "drive.mjs");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private MlflowFixtures() {
    }

    /** An error an MLflow server answers on a route: the status, its {@code error_code}, and when. */
    public record ErrorCase(int status, String errorCode, String when) {
    }

    /** One documented route and the field paths of its JSON answer. */
    public record Route(
            String group,
            String method,
            List<String> alsoMethods,
            String path,
            String requestIn,
            List<String> requestFields,
            List<String> response,
            Set<String> optional,
            String source,
            List<ErrorCase> errors,
            boolean jsonAnswer) {

        /** The response paths that every answer must hold, whatever state was logged before. */
        public List<String> required() {
            return response.stream().filter(p -> !optional.contains(p)).toList();
        }

        /** Whether the route answers {@code {}}. */
        public boolean emptyAnswer() {
            return jsonAnswer && response.isEmpty();
        }
    }

    /** Parses a classpath resource under {@code /mlflow/}. */
    public static JsonNode load(String relativePath) {
        String name = "/mlflow/" + relativePath;
        try (InputStream in = MlflowFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The routes of one group, in file order. */
    public static List<Route> routes(String group) {
        JsonNode doc = load("shapes/" + group + ".json");
        List<Route> out = new ArrayList<>();
        for (JsonNode r : doc.path("routes")) {
            List<ErrorCase> errors = new ArrayList<>();
            for (JsonNode e : r.path("errors")) {
                errors.add(new ErrorCase(e.path("status").asInt(), e.path("error_code").asText(), e.path("when").asText()));
            }
            out.add(new Route(
                    group,
                    r.path("method").asText(),
                    strings(r.path("also")),
                    r.path("path").asText(),
                    r.path("request").path("in").asText(),
                    strings(r.path("request").path("fields")),
                    strings(r.path("response")),
                    Set.copyOf(strings(r.path("optional"))),
                    r.path("source").asText(),
                    List.copyOf(errors),
                    r.path("json").asBoolean(true)));
        }
        return List.copyOf(out);
    }

    /** Every route of every group. */
    public static List<Route> allRoutes() {
        List<Route> all = new ArrayList<>();
        for (String g : GROUPS) {
            all.addAll(routes(g));
        }
        return List.copyOf(all);
    }

    /** The route with this method (its main one or an alternative) and path. */
    public static Route route(String method, String path) {
        for (Route r : allRoutes()) {
            if (r.path().equals(path) && (r.method().equalsIgnoreCase(method)
                    || r.alsoMethods().stream().anyMatch(m -> m.equalsIgnoreCase(method)))) {
                return r;
            }
        }
        throw new IllegalArgumentException("no fixture for " + method + " " + path);
    }

    /** The field paths of an error body, as listed in a group's shapes file. */
    public static List<String> errorFields(String group) {
        return strings(load("shapes/" + group + ".json").path("error").path("fields"));
    }

    /** The registry call script. */
    public static JsonNode registryCalls() {
        return load("registry-calls.json");
    }

    /** Copies the npm client driver into {@code dir} (created if needed) and returns it. */
    public static Path copyNodeClient(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : NODE_CLIENT_FILES) {
                String name = "/mlflow/node-client/" + f;
                try (InputStream in = MlflowFixtures.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("no test resource " + name);
                    }
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the node client to " + dir, e);
        }
    }

    /** All dotted field paths present in {@code answer}, arrays as {@code []}, sorted. */
    public static Set<String> fieldPaths(JsonNode answer) {
        Set<String> out = new TreeSet<>();
        if (answer != null) {
            collect(answer, "", out);
        }
        return out;
    }

    /** The {@code expected} paths that {@code answer} lacks, in the order given. */
    public static List<String> missing(Collection<String> expected, JsonNode answer) {
        Set<String> present = fieldPaths(answer);
        List<String> out = new ArrayList<>();
        for (String p : new LinkedHashSet<>(expected)) {
            if (!present.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Replaces {@code ${name}} in every string of {@code template}; an unknown name is an error. */
    public static JsonNode substitute(JsonNode template, Map<String, String> values) {
        if (template.isTextual()) {
            return TextNode.valueOf(substitute(template.asText(), values));
        }
        if (template.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = template.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), substitute(e.getValue(), values));
            }
            return copy;
        }
        if (template.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            for (JsonNode e : template) {
                copy.add(substitute(e, values));
            }
            return copy;
        }
        return template.deepCopy();
    }

    /** Replaces {@code ${name}} in {@code template}; an unknown name is an error. */
    public static String substitute(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in " + template);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The placeholder names used anywhere in {@code template}. */
    public static Set<String> placeholders(JsonNode template) {
        Set<String> out = new TreeSet<>();
        if (template.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(template.asText());
            while (m.find()) {
                out.add(m.group(1));
            }
        } else {
            for (JsonNode child : template) {
                out.addAll(placeholders(child));
            }
        }
        return out;
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    continue;
                }
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.add(child);
                collect(e.getValue(), child, out);
            }
        } else if (node.isArray()) {
            String element = path + "[]";
            for (JsonNode e : node) {
                if (e.isNull()) {
                    continue;
                }
                out.add(element);
                collect(e, element, out);
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }
}
