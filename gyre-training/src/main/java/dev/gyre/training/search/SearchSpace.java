package dev.gyre.training.search;

import dev.gyre.core.GyreException;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.Algorithms;
import dev.gyre.training.ParamSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a search may try: one or more algorithms (the algorithm is itself a choice) and, for each, a
 * {@link Domain} per tuned parameter. Parameters left out take their defaults. Every domain is checked
 * against the algorithm's {@link ParamSpec} when the space is built, so a search fails before any training
 * when a parameter is unknown, has the wrong type, or has bounds outside its allowed range.
 *
 * <p>Instances are immutable; algorithms keep the order they were added in and parameters are sorted by name,
 * which fixes the order samplers draw them in.
 */
public final class SearchSpace {

    private final Map<String, Map<String, Domain>> algorithms;

    private SearchSpace(Map<String, Map<String, Domain>> algorithms) {
        this.algorithms = algorithms;
    }

    /** A builder of a space. */
    public static Builder builder() {
        return new Builder();
    }

    /** A space over one algorithm. */
    public static SearchSpace of(String algorithm, Map<String, Domain> params) {
        return builder().algorithm(algorithm, params).build();
    }

    /** The algorithms, in the order they were added. */
    public List<String> algorithms() {
        return List.copyOf(algorithms.keySet());
    }

    /** The tuned parameters of one algorithm, sorted by name (empty when the algorithm is not in the space). */
    public Map<String, Domain> params(String algorithm) {
        return algorithms.getOrDefault(algorithm, Map.of());
    }

    @Override
    public String toString() {
        return "SearchSpace" + algorithms;
    }

    /** Collects algorithms and their domains; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, Map<String, Domain>> algorithms = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds an algorithm with domains for some of its parameters.
         *
         * @throws GyreException.InvalidArgument when the algorithm is unknown or added twice, or a domain does
         *                                       not fit its parameter
         */
        public Builder algorithm(String name, Map<String, Domain> params) {
            AlgorithmSpec spec = Algorithms.spec(name);
            if (algorithms.containsKey(name)) {
                throw new GyreException.InvalidArgument("algorithm " + name + " is in the search space twice; "
                        + "give all its parameters in one entry");
            }
            Map<String, Domain> checked = new TreeMap<>();
            for (Map.Entry<String, Domain> e : new TreeMap<>(params).entrySet()) {
                checked.put(e.getKey(), check(spec, e.getKey(), e.getValue()));
            }
            algorithms.put(name, Collections.unmodifiableMap(checked));
            return this;
        }

        /**
         * The space.
         *
         * @throws GyreException.InvalidArgument when no algorithm was added
         */
        public SearchSpace build() {
            if (algorithms.isEmpty()) {
                throw new GyreException.InvalidArgument("the search space is empty; add at least one algorithm, "
                        + "e.g. random_forest with n_trees as int_range(50, 300)");
            }
            return new SearchSpace(Collections.unmodifiableMap(new LinkedHashMap<>(algorithms)));
        }

        private static Domain check(AlgorithmSpec spec, String name, Domain domain) {
            ParamSpec p = spec.param(name);
            if (p == null) {
                String known = spec.params().stream().map(ParamSpec::name).collect(Collectors.joining(", "));
                throw new GyreException.InvalidArgument("the search space gives unknown parameter '" + name
                        + "' for " + spec.name() + "; known: " + (known.isEmpty() ? "none" : known));
            }
            if (domain == null) {
                throw new GyreException.InvalidArgument("parameter '" + name + "' of " + spec.name()
                        + " has no domain in the search space; give choice, int_range, float_range or a value");
            }
            String where = "parameter '" + name + "' of " + spec.name();
            Domain.checkShape(domain, where);
            try {
                if (domain instanceof Domain.Fixed f) {
                    return new Domain.Fixed(p.coerce(spec.name(), f.value()));
                }
                if (domain instanceof Domain.Choice c) {
                    List<Object> values = new ArrayList<>();
                    for (Object v : c.values()) {
                        Object normal = p.coerce(spec.name(), v);
                        if (!values.contains(normal)) {
                            values.add(normal);
                        }
                    }
                    return new Domain.Choice(List.copyOf(values));
                }
                Domain.Numeric r = (Domain.Numeric) domain;
                requireType(p, r.integer() ? ParamSpec.Type.INT : ParamSpec.Type.DOUBLE, spec, r);
                p.coerce(spec.name(), r.integer() ? (Object) (int) r.lo() : (Object) r.lo());
                p.coerce(spec.name(), r.integer() ? (Object) (int) r.hi() : (Object) r.hi());
                return r;
            } catch (GyreException.InvalidArgument e) {
                if (e.getMessage().startsWith("the search space")) {
                    throw e;
                }
                throw new GyreException.InvalidArgument("the search space " + domain + " for " + where
                        + " does not fit: " + e.getMessage(), e);
            }
        }

        private static void requireType(ParamSpec p, ParamSpec.Type type, AlgorithmSpec spec, Domain d) {
            if (p.type() != type) {
                String use = switch (p.type()) {
                    case INT -> "int_range";
                    case DOUBLE -> "float_range";
                    default -> "choice([...])";
                };
                throw new GyreException.InvalidArgument("the search space gives " + d + " for parameter '"
                        + p.name() + "' of " + spec.name() + ", which is of type " + p.type() + " ("
                        + p.range() + "); use " + use + " instead");
            }
        }
    }
}
