package dev.gyre.training.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.FlatMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ListMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.MapMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.SimpleMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.gyre.core.GyreException;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Model;

/**
 * A Tribuo model's {@code ModelProvenance} as JSON. OLCUT flattens a provenance tree into a list of objects
 * ({@link ProvenanceUtil#marshalProvenance}) that refer to each other by name; its own JSON writer is in a
 * module Gyre does not depend on, so the list is written here:
 * <pre>
 *   [{"name": "linearsgdmodel-0", "object_class": "org.tribuo…", "provenance_class": "org.tribuo…",
 *     "map": {"trainer": {"key": "trainer", "value": "linearsgdtrainer-1", "provenance_class": "…",
 *                         "additional": "", "is_reference": true}, …}}, …]
 * </pre>
 * A value is a simple value as above (a reference names another object of the list), {@code {"list": [...]}}
 * or {@code {"map": {...}}}. Keys are sorted, so the same provenance always gives the same text; Tribuo's
 * protobuf form of the model keeps the provenance, so a model read back gives the JSON it was trained with.
 */
final class TribuoProvenance {

    private TribuoProvenance() {
    }

    static String json(Model<?> model) {
        ArrayNode objects = ModelEnvelope.JSON.createArrayNode();
        for (ObjectMarshalledProvenance object : ProvenanceUtil.marshalProvenance(model.getProvenance())) {
            ObjectNode node = objects.addObject();
            node.put("name", object.getName());
            node.put("object_class", object.getObjectClassName());
            node.put("provenance_class", object.getProvenanceClassName());
            node.set("map", map(object.getMap()));
        }
        try {
            return ModelEnvelope.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(objects);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write a Tribuo provenance as JSON", e);
        }
    }

    private static ObjectNode map(Map<String, FlatMarshalledProvenance> values) {
        ObjectNode node = ModelEnvelope.JSON.createObjectNode();
        new TreeMap<>(values).forEach((key, value) -> node.set(key, value(value)));
        return node;
    }

    private static ObjectNode value(FlatMarshalledProvenance value) {
        ObjectNode node = ModelEnvelope.JSON.createObjectNode();
        if (value instanceof SimpleMarshalledProvenance simple) {
            node.put("key", simple.getKey());
            node.put("value", simple.getValue());
            node.put("provenance_class", simple.getProvenanceClassName());
            node.put("additional", simple.getAdditional());
            node.put("is_reference", simple.isReference());
        } else if (value instanceof ListMarshalledProvenance list) {
            ArrayNode items = node.putArray("list");
            for (FlatMarshalledProvenance item : list) {
                items.add(value(item));
            }
        } else if (value instanceof MapMarshalledProvenance map) {
            Map<String, FlatMarshalledProvenance> entries = new TreeMap<>();
            for (Pair<String, FlatMarshalledProvenance> pair : map) {
                entries.put(pair.getA(), pair.getB());
            }
            node.set("map", map(entries));
        } else {
            node.put("value", String.valueOf(value));
        }
        return node;
    }
}
