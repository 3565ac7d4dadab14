package dev.gyre.features;

import dev.gyre.core.GyreException;
import dev.gyre.features.internal.EntryReader;
import dev.gyre.features.internal.Where;
import dev.gyre.features.internal.YamlNode;
import dev.gyre.features.internal.YamlReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Reads a {@link FeatureSpec} from YAML. The spec is a map with four optional keys:
 *
 * <pre>
 * target: Survived                 # kept out of the features; never transformed
 * derive:                          # computed first, in order; a later one may read an earlier one
 *   - name: title
 *     regex_extract: {column: Name, pattern: ",\\s*([^.]+)\\.", group: 1}   # group: 1 if the pattern captures, else 0
 *   - name: family_size
 *     expression: "SibSp + Parch + 1"     # + - * / ( ), numbers, numeric columns (`odd name` in backquotes)
 *   - name: name_length
 *     text_length: Name                   # length in code points
 *   - name: month
 *     datetime_part: {column: dteday, part: month}   # year, month, day, day_of_week, hour, day_of_year (UTC)
 * columns:                         # each column's steps, run in order
 *   Age:      [{impute: median, indicator: true}, standardize]
 *   Fare:     [log1p, {clip: {min: 0, max: 300}}, standardize]
 *   Pclass:   [{one_hot: {max_categories: 10, unseen: ignore}}]   # unseen: ignore | error | other
 *   Embarked: [{impute: most_frequent}, one_hot]
 *   deck:     [{impute: {constant: "U"}}, ordinal]               # ordinal unseen: ignore (code -1) | error
 *   family_size: [{bucketize: {quantiles: 4}}]                   # or {bucketize: {edges: [1, 2, 5]}}
 *   ticket_prefix: [{hashing: {buckets: 16}}]
 *   SibSp:    [min_max]
 *   Parch:    [frequency]
 * drop: [PassengerId, Name, Ticket, Cabin]
 * </pre>
 *
 * <p>A step is a bare name ({@code standardize}) or a map whose one step-named key holds the options
 * ({@code {one_hot: {max_categories: 5}}}); further keys of that map are options too, so
 * {@code {impute: median, indicator: true}} equals {@code {impute: {strategy: median, indicator: true}}}.
 * A column's steps may be written as one step instead of a list, and {@code drop} as one name. The steps
 * and their options:
 *
 * <ul>
 *   <li>{@code impute}: {@code strategy} mean | median | most_frequent | constant (with {@code constant}: a
 *       number or a text; {@code {impute: {constant: U}}} implies the strategy), {@code indicator}: true adds
 *       {@code <column>_missing}</li>
 *   <li>{@code standardize}, {@code min_max}, {@code log1p}, {@code frequency}: no options</li>
 *   <li>{@code clip}: {@code min}, {@code max} (one or both)</li>
 *   <li>{@code bucketize}: {@code quantiles} (2 to 1000) or {@code edges} (strictly increasing)</li>
 *   <li>{@code one_hot}: {@code max_categories}, {@code unseen} (default ignore); must be last</li>
 *   <li>{@code ordinal}: {@code unseen} ignore (code -1, the default) | error</li>
 *   <li>{@code hashing}: {@code buckets} (2 to 65536); must be last</li>
 * </ul>
 *
 * <p>Every error is a {@link GyreException.InvalidArgument} naming the line, the field and the fix, e.g.
 * {@code Line 9, field 'columns.Fare[2]': unknown step 'standardise'; the steps are impute, standardize, ...}.
 * Column names are checked against a table by {@link FeaturePipeline#fit}, which names the line too.
 * Thread-safe.
 */
public final class FeatureSpecParser {
    /** Longest spec accepted, in characters. */
    public static final int MAX_LENGTH = 1024 * 1024;
    /** Most derived columns, columns or dropped columns accepted in one spec. */
    public static final int MAX_ENTRIES = 10_000;

    private static final List<String> KEYS = List.of("target", "derive", "columns", "drop");

    /**
     * Parses and checks a spec.
     *
     * @throws GyreException.InvalidArgument for invalid YAML or an invalid entry (see the class comment)
     * @throws GyreException.TooLarge        for a text longer than {@link #MAX_LENGTH}
     */
    public FeatureSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new GyreException.TooLarge("The feature spec is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        YamlNode root = YamlReader.read(text);
        if (root.isNull()) {
            return new FeatureSpec(null, List.of(), Map.of(), List.of());
        }
        if (!root.isMap()) {
            throw Where.error(OptionalInt.of(root.line()), null, "a feature spec is a map with the keys "
                    + String.join(", ", KEYS) + "; got " + root.describe() + ".");
        }
        for (String key : root.entries().keySet()) {
            if (!KEYS.contains(key)) {
                throw Where.error(OptionalInt.of(root.lineOf(key)), key, "unknown key; the keys of a feature spec"
                        + " are " + String.join(", ", KEYS) + ".");
            }
        }
        Map<String, Integer> lines = new HashMap<>();
        String target = target(root, lines);
        List<DerivedColumn> derive = new ArrayList<>();
        for (YamlNode item : list(root, "derive", "a list of derived columns (lines starting with '- ')")) {
            String field = "derive[" + (derive.size() + 1) + "]";
            lines.put(field, item.line());
            derive.add(EntryReader.derived(field, item));
        }
        Map<String, List<FeatureStep>> columns = columns(root, lines);
        List<String> drop = new ArrayList<>();
        YamlNode dropNode = root.get("drop");
        List<YamlNode> dropped = dropNode != null && dropNode.isScalar() ? List.of(dropNode)
                : list(root, "drop", "a list of column names such as [PassengerId, Name]");
        for (YamlNode item : dropped) {
            String field = "drop[" + (drop.size() + 1) + "]";
            lines.put(field, item.line());
            drop.add(name(item, field, "a column name"));
        }
        return new FeatureSpec(target, derive, columns, drop, lines);
    }

    private static String target(YamlNode root, Map<String, Integer> lines) {
        YamlNode node = root.get("target");
        if (node == null || node.isNull()) {
            return null;
        }
        lines.put("target", node.line());
        return name(node, "target", "the target column's name, e.g. target: Survived");
    }

    private static Map<String, List<FeatureStep>> columns(YamlNode root, Map<String, Integer> lines) {
        Map<String, List<FeatureStep>> columns = new LinkedHashMap<>();
        YamlNode node = root.get("columns");
        if (node == null || node.isNull()) {
            return columns;
        }
        if (!node.isMap()) {
            throw Where.error(OptionalInt.of(node.line()), "columns", "must map column names to their steps, e.g."
                    + " {Age: [standardize]}; got " + node.describe() + ".");
        }
        checkSize(node.entries().size(), node.line(), "columns");
        for (Map.Entry<String, YamlNode> entry : node.entries().entrySet()) {
            String name = entry.getKey();
            String field = "columns." + name;
            lines.put(field, node.lineOf(name));
            YamlNode value = entry.getValue();
            List<YamlNode> items = value.isList() ? value.items() : value.isNull() ? List.of() : List.of(value);
            if (items.isEmpty()) {
                throw Where.error(OptionalInt.of(node.lineOf(name)), field, "give at least one step, e.g."
                        + " [standardize]; to keep a numeric column as it is, leave it out of columns.");
            }
            List<FeatureStep> steps = new ArrayList<>();
            for (YamlNode item : items) {
                String stepField = field + "[" + (steps.size() + 1) + "]";
                lines.put(stepField, item.line());
                steps.add(EntryReader.step(stepField, item));
            }
            columns.put(name, steps);
        }
        return columns;
    }

    private static List<YamlNode> list(YamlNode root, String key, String shape) {
        YamlNode node = root.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isList()) {
            throw Where.error(OptionalInt.of(node.line()), key, "must be " + shape + "; got " + node.describe() + ".");
        }
        checkSize(node.items().size(), node.line(), key);
        return node.items();
    }

    private static void checkSize(int size, int line, String key) {
        if (size > MAX_ENTRIES) {
            throw Where.error(OptionalInt.of(line), key, size + " entries; at most " + MAX_ENTRIES + " are accepted.");
        }
    }

    private static String name(YamlNode node, String field, String what) {
        if (!node.isScalar() || node.kind() == YamlNode.Kind.BOOLEAN || node.text().isBlank()) {
            throw Where.error(OptionalInt.of(node.line()), field, "must be " + what + "; got " + node.describe() + ".");
        }
        return node.text();
    }
}
