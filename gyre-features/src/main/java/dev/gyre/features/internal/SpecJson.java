package dev.gyre.features.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.features.DerivedColumn;
import dev.gyre.features.FeatureSpec;
import dev.gyre.features.FeatureStep;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The canonical JSON of a {@link FeatureSpec}: keys in a fixed order, every option with its default
 * written out, {@code columns} sorted by name and {@code drop} sorted. JSON is YAML, so the text parses
 * back with {@link dev.gyre.features.FeatureSpecParser} to an equal spec.
 */
public final class SpecJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecJson() {
    }

    /** The canonical JSON text. */
    public static String write(FeatureSpec spec) {
        try {
            return MAPPER.writeValueAsString(tree(spec));
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write the feature spec as JSON", e);
        }
    }

    /** The canonical JSON tree. */
    public static ObjectNode tree(FeatureSpec spec) {
        ObjectNode root = NODES.objectNode();
        if (spec.target().isPresent()) {
            root.put("target", spec.target().get());
        } else {
            root.putNull("target");
        }
        ArrayNode derive = root.putArray("derive");
        for (DerivedColumn column : spec.derive()) {
            derive.add(derived(column));
        }
        ObjectNode columns = root.putObject("columns");
        for (Map.Entry<String, List<FeatureStep>> entry : new TreeMap<>(spec.columns()).entrySet()) {
            ArrayNode steps = columns.putArray(entry.getKey());
            for (FeatureStep step : entry.getValue()) {
                steps.add(step(step));
            }
        }
        ArrayNode drop = root.putArray("drop");
        new TreeSet<>(spec.drop()).forEach(drop::add);
        return root;
    }

    private static ObjectNode derived(DerivedColumn column) {
        ObjectNode node = NODES.objectNode();
        node.put("name", column.name());
        if (column instanceof DerivedColumn.RegexExtract r) {
            node.putObject(r.kind()).put("column", r.column()).put("pattern", r.pattern()).put("group", r.group());
        } else if (column instanceof DerivedColumn.Expression e) {
            node.put(e.kind(), e.expression());
        } else if (column instanceof DerivedColumn.DatetimePart d) {
            node.putObject(d.kind()).put("column", d.column()).put("part", d.part().wireName());
        } else if (column instanceof DerivedColumn.TextLength t) {
            node.putObject(t.kind()).put("column", t.column());
        }
        return node;
    }

    private static ObjectNode step(FeatureStep step) {
        ObjectNode node = NODES.objectNode();
        ObjectNode options = node.putObject(step.name());
        if (step instanceof FeatureStep.Impute i) {
            options.put("strategy", i.strategy().wireName());
            if (i.constant() instanceof Double d) {
                options.put("constant", d);
            } else if (i.constant() instanceof String s) {
                options.put("constant", s);
            }
            options.put("indicator", i.indicator());
        } else if (step instanceof FeatureStep.Clip c) {
            if (c.min() != null) {
                options.put("min", c.min());
            }
            if (c.max() != null) {
                options.put("max", c.max());
            }
        } else if (step instanceof FeatureStep.Bucketize b) {
            if (b.quantiles() != null) {
                options.put("quantiles", b.quantiles());
            } else {
                ArrayNode edges = options.putArray("edges");
                b.edges().forEach(edges::add);
            }
        } else if (step instanceof FeatureStep.OneHot o) {
            if (o.maxCategories() != null) {
                options.put("max_categories", o.maxCategories());
            }
            options.put("unseen", o.unseen().wireName());
        } else if (step instanceof FeatureStep.Ordinal o) {
            options.put("unseen", o.unseen().wireName());
        } else if (step instanceof FeatureStep.Hashing h) {
            options.put("buckets", h.buckets());
        }
        return node;
    }
}
