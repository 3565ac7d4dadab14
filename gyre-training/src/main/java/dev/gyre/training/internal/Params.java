package dev.gyre.training.internal;

import java.util.Map;

/** Typed reads of parameters already resolved by an {@link dev.gyre.training.AlgorithmSpec}. */
public record Params(Map<String, Object> values) {

    public int integer(String name) {
        return ((Number) values.get(name)).intValue();
    }

    public double real(String name) {
        return ((Number) values.get(name)).doubleValue();
    }

    public boolean flag(String name) {
        return (Boolean) values.get(name);
    }

    public String choice(String name) {
        return (String) values.get(name);
    }

    /**
     * The number of threads a {@code threads} parameter asks for: 0 means every core this training may use,
     * which is every available core unless a caller set a smaller {@link ThreadBudget} (a search trial does).
     */
    public int threads() {
        int t = integer("threads");
        return t > 0 ? t : ThreadBudget.available();
    }
}
