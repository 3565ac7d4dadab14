package dev.gyre.tracking.search;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one kind of searchable entity allows: its entity types, and its attributes with their SQL
 * columns, which are numeric and which string-valued.
 */
public final class SearchSchema {

    /** Runs: metrics, params, tags and the run attributes. */
    public static final SearchSchema RUNS = new SearchSchema("run",
            Set.of(EntityType.METRIC, EntityType.PARAM, EntityType.TAG, EntityType.ATTRIBUTE),
            Map.of("run_id", "r.run_uuid", "run_name", "r.run_name", "status", "r.status", "user_id", "r.user_id",
                    "artifact_uri", "r.artifact_uri", "lifecycle_stage", "r.lifecycle_stage"),
            Map.of("start_time", "r.start_time", "end_time", "r.end_time"),
            Map.of("created", "start_time", "run_uuid", "run_id"));

    /** Experiments: tags and the experiment attributes. */
    public static final SearchSchema EXPERIMENTS = new SearchSchema("experiment",
            Set.of(EntityType.TAG, EntityType.ATTRIBUTE),
            Map.of("name", "e.name"),
            Map.of("creation_time", "e.creation_time", "last_update_time", "e.last_update_time",
                    "experiment_id", "e.experiment_id"),
            Map.of());

    private final String entity;
    private final Set<EntityType> types;
    private final Map<String, String> stringAttributes;
    private final Map<String, String> numericAttributes;
    private final Map<String, String> aliases;

    private SearchSchema(String entity, Set<EntityType> types, Map<String, String> stringAttributes,
                         Map<String, String> numericAttributes, Map<String, String> aliases) {
        this.entity = entity;
        this.types = types;
        this.stringAttributes = stringAttributes;
        this.numericAttributes = numericAttributes;
        this.aliases = aliases;
    }

    /** The entity name for messages ({@code run}, {@code experiment}). */
    public String entity() {
        return entity;
    }

    boolean allows(EntityType type) {
        return types.contains(type);
    }

    /** The canonical attribute name for a name or alias, or {@code null} when unknown. */
    String canonicalAttribute(String name) {
        String canonical = aliases.getOrDefault(name, name);
        return stringAttributes.containsKey(canonical) || numericAttributes.containsKey(canonical) ? canonical : null;
    }

    /** Whether the (canonical) attribute holds numbers. */
    public boolean isNumericAttribute(String name) {
        return numericAttributes.containsKey(name);
    }

    /** The SQL column of a canonical attribute. */
    public String column(String attribute) {
        String column = stringAttributes.get(attribute);
        return column != null ? column : numericAttributes.get(attribute);
    }

    /** The attribute names, sorted, for messages. */
    Set<String> attributeNames() {
        Set<String> names = new TreeSet<>(stringAttributes.keySet());
        names.addAll(numericAttributes.keySet());
        return names;
    }

    /** The entity prefixes, for messages. */
    String prefixes() {
        StringBuilder text = new StringBuilder();
        for (EntityType type : EntityType.values()) {
            if (types.contains(type)) {
                text.append(text.length() == 0 ? "" : ", ").append("'").append(type.plural()).append(".'");
            }
        }
        return text.toString();
    }
}
