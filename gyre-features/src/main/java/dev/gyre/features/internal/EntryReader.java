package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import dev.gyre.features.DerivedColumn;
import dev.gyre.features.FeatureStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns the YAML of one step or one derived column into its record, with errors that name the line, the
 * field and the fix. The records' own checks are re-thrown with the line and field in front.
 */
public final class EntryReader {
    private EntryReader() {
    }

    /**
     * One step: a bare name ({@code standardize}) or a map with one key naming the step, whose value is
     * the options map or a shorthand ({@code {impute: median}}); other keys of that map are options too
     * ({@code {impute: median, indicator: true}}).
     */
    public static FeatureStep step(String field, YamlNode node) {
        String name;
        Options options = new Options(field, node.line());
        if (node.kind() == YamlNode.Kind.STRING) {
            name = knownStep(field, node.line(), node.text());
            options = new Options(field + "." + name, node.line());
        } else if (node.isMap()) {
            List<String> names = new ArrayList<>();
            for (String key : node.entries().keySet()) {
                if (FeatureStep.NAMES.contains(key)) {
                    names.add(key);
                }
            }
            if (names.size() != 1) {
                String first = node.entries().keySet().iterator().next();
                if (names.isEmpty()) {
                    knownStep(field, node.lineOf(first), first);
                }
                throw Where.error(OptionalInt.of(node.line()), field, "one step per list item; split "
                        + names + " into separate items, e.g. [log1p, standardize].");
            }
            name = names.get(0);
            options = new Options(field + "." + name, node.lineOf(name));
            YamlNode value = node.get(name);
            if (value.isMap()) {
                options.addAll(value);
            } else if (value.isScalar()) {
                options.add(shorthand(field, name, value), value, value.line());
            } else if (!value.isNull()) {
                throw options.error(name + " takes a map of options, e.g. " + example(name) + "; got "
                        + value.describe() + ".");
            }
            for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
                if (!e.getKey().equals(name)) {
                    options.add(e.getKey(), e.getValue(), node.lineOf(e.getKey()));
                }
            }
        } else {
            throw Where.error(OptionalInt.of(node.line()), field, "a step is a name such as standardize or a map"
                    + " such as {impute: median}; got " + node.describe() + ".");
        }
        try {
            return build(name, options);
        } catch (GyreException.InvalidArgument e) {
            if (e.getMessage().startsWith("Line ")) {
                throw e;
            }
            throw options.error(e.getMessage());
        }
    }

    private static String knownStep(String field, int line, String name) {
        if (!FeatureStep.NAMES.contains(name)) {
            throw Where.error(OptionalInt.of(line), field, "unknown step '" + name + "'; the steps are "
                    + String.join(", ", FeatureStep.NAMES) + ".");
        }
        return name;
    }

    private static String shorthand(String field, String name, YamlNode value) {
        if (name.equals("impute")) {
            return "strategy";
        }
        throw Where.error(OptionalInt.of(value.line()), field + "." + name, name + " takes a map of options, e.g. "
                + example(name) + "; got " + value.describe() + ".");
    }

    private static String example(String name) {
        return switch (name) {
            case "impute" -> "{impute: median, indicator: true} or {impute: {constant: U}}";
            case "clip" -> "{clip: {min: 0, max: 300}}";
            case "bucketize" -> "{bucketize: {quantiles: 4}} or {bucketize: {edges: [1, 2, 5]}}";
            case "one_hot" -> "{one_hot: {max_categories: 10, unseen: ignore}}";
            case "ordinal" -> "{ordinal: {unseen: error}}";
            case "hashing" -> "{hashing: {buckets: 16}}";
            default -> name;
        };
    }

    private static FeatureStep build(String name, Options o) {
        o.allowOnly(example(name), switch (name) {
            case "impute" -> new String[] {"strategy", "constant", "indicator"};
            case "clip" -> new String[] {"min", "max"};
            case "bucketize" -> new String[] {"quantiles", "edges"};
            case "one_hot" -> new String[] {"max_categories", "unseen"};
            case "ordinal" -> new String[] {"unseen"};
            case "hashing" -> new String[] {"buckets"};
            default -> new String[0];
        });
        switch (name) {
            case "impute":
                return impute(o);
            case "standardize":
                return new FeatureStep.Standardize();
            case "min_max":
                return new FeatureStep.MinMax();
            case "log1p":
                return new FeatureStep.Log1p();
            case "clip":
                return new FeatureStep.Clip(o.number("min", "0"), o.number("max", "300"));
            case "bucketize":
                return new FeatureStep.Bucketize(o.integer("quantiles", "4"), o.numbers("edges", "[1, 2, 5]"));
            case "one_hot":
                return new FeatureStep.OneHot(o.integer("max_categories", "10"),
                        unseen(o, FeatureStep.Unseen.values()));
            case "ordinal":
                return new FeatureStep.Ordinal(unseen(o, FeatureStep.Unseen.IGNORE, FeatureStep.Unseen.ERROR));
            case "frequency":
                return new FeatureStep.Frequency();
            case "hashing":
                Integer buckets = o.integer("buckets", "16");
                if (buckets == null) {
                    throw o.error("hashing needs a bucket count, e.g. " + example(name) + ".");
                }
                return new FeatureStep.Hashing(buckets);
            default:
                throw o.error("unknown step '" + name + "'.");
        }
    }

    private static FeatureStep impute(Options o) {
        String strategy = o.text("strategy", "median");
        YamlNode constantNode = o.node("constant");
        Object constant = null;
        if (constantNode != null && !constantNode.isNull()) {
            if (constantNode.kind() == YamlNode.Kind.NUMBER) {
                constant = constantNode.number();
            } else if (constantNode.kind() == YamlNode.Kind.STRING) {
                constant = constantNode.text();
            } else {
                throw o.error("constant", "must be a number or a text; write true/false in quotes to fill in"
                        + " text, got " + constantNode.describe() + ".");
            }
        }
        FeatureStep.ImputeStrategy chosen;
        if (strategy == null) {
            if (constant == null) {
                throw o.error("impute needs a strategy (mean, median, most_frequent) or a constant, e.g."
                        + " {impute: median} or {impute: {constant: U}}.");
            }
            chosen = FeatureStep.ImputeStrategy.CONSTANT;
        } else {
            chosen = null;
            for (FeatureStep.ImputeStrategy s : FeatureStep.ImputeStrategy.values()) {
                if (s.wireName().equals(strategy.toLowerCase(Locale.ROOT))) {
                    chosen = s;
                }
            }
            if (chosen == null) {
                throw o.error("strategy", "must be mean, median, most_frequent or constant, got '" + strategy
                        + "'; for a fixed value write {impute: {constant: 0}}.");
            }
        }
        return new FeatureStep.Impute(chosen, constant, o.bool("indicator", false));
    }

    private static FeatureStep.Unseen unseen(Options o, FeatureStep.Unseen... allowed) {
        String text = o.text("unseen", "ignore");
        if (text == null) {
            return FeatureStep.Unseen.IGNORE;
        }
        List<String> names = new ArrayList<>();
        for (FeatureStep.Unseen u : allowed) {
            names.add(u.wireName());
            if (u.wireName().equals(text.toLowerCase(Locale.ROOT))) {
                return u;
            }
        }
        throw o.error("unseen", "must be " + String.join(", ", names) + "; got '" + text + "'.");
    }

    /**
     * One derived column: a map with {@code name} and one key naming the derivation, e.g.
     * {@code {name: title, regex_extract: {column: Name, pattern: "..."}}}.
     */
    public static DerivedColumn derived(String field, YamlNode node) {
        if (!node.isMap()) {
            throw Where.error(OptionalInt.of(node.line()), field, "a derived column is a map such as {name: family_size,"
                    + " expression: \"SibSp + Parch + 1\"}; got " + node.describe() + ".");
        }
        List<String> kinds = new ArrayList<>();
        for (String key : node.entries().keySet()) {
            if (DerivedColumn.KINDS.contains(key)) {
                kinds.add(key);
            } else if (!key.equals("name")) {
                throw Where.error(OptionalInt.of(node.lineOf(key)), field + "." + key, "unknown key; a derived column"
                        + " has a name and one of " + String.join(", ", DerivedColumn.KINDS) + ".");
            }
        }
        if (kinds.size() != 1) {
            throw Where.error(OptionalInt.of(node.line()), field, "give exactly one of "
                    + String.join(", ", DerivedColumn.KINDS) + (kinds.isEmpty() ? "" : ", not " + kinds) + ".");
        }
        Options top = new Options(field, node.line()).addAll(node);
        String name = top.requireText("name", "family_size");
        String kind = kinds.get(0);
        YamlNode value = node.get(kind);
        Options o = new Options(field + "." + kind, node.lineOf(kind));
        try {
            switch (kind) {
                case "expression": {
                    if (!value.isScalar() || value.kind() == YamlNode.Kind.BOOLEAN) {
                        throw o.error("write the expression as text, e.g. \"SibSp + Parch + 1\"; got "
                                + value.describe() + ".");
                    }
                    return new DerivedColumn.Expression(name, value.text());
                }
                case "text_length": {
                    if (value.isScalar()) {
                        o.add("column", value, value.line());
                    } else if (value.isMap()) {
                        o.addAll(value).allowOnly("{text_length: Name}", "column");
                    }
                    return new DerivedColumn.TextLength(name, o.requireText("column", "Name"));
                }
                case "regex_extract": {
                    requireMap(o, value, "{column: Name, pattern: \",\\\\s*([^.]+)\\\\.\", group: 1}");
                    o.addAll(value).allowOnly("{column: Name, pattern: \"^([A-Z])\"}", "column", "pattern", "group");
                    String column = o.requireText("column", "Name");
                    String pattern = o.requireText("pattern", "\"^([A-Z])\"");
                    Integer group = o.integer("group", "1");
                    return group == null ? new DerivedColumn.RegexExtract(name, column, pattern)
                            : new DerivedColumn.RegexExtract(name, column, pattern, group);
                }
                default: {
                    requireMap(o, value, "{column: dteday, part: month}");
                    o.addAll(value).allowOnly("{column: dteday, part: month}", "column", "part");
                    String column = o.requireText("column", "dteday");
                    String part = o.requireText("part", "month");
                    DerivedColumn.Part parsed;
                    try {
                        parsed = DerivedColumn.Part.fromWireName(part.toLowerCase(Locale.ROOT));
                    } catch (GyreException.InvalidArgument e) {
                        throw o.error("part", e.getMessage());
                    }
                    return new DerivedColumn.DatetimePart(name, column, parsed);
                }
            }
        } catch (GyreException.InvalidArgument e) {
            if (e.getMessage().startsWith("Line ")) {
                throw e;
            }
            throw o.error(e.getMessage());
        }
    }

    private static void requireMap(Options o, YamlNode value, String example) {
        if (!value.isMap()) {
            throw o.error("takes a map, e.g. " + example + "; got " + value.describe() + ".");
        }
    }
}
