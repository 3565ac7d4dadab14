package dev.gyre.validation.fairness;

import java.util.List;

/**
 * The identity of a group: the values of the sensitive attributes, in attribute order (one value for a single
 * attribute, a tuple for intersections). Keys order lexicographically by value, attribute by attribute.
 *
 * @param attributes the attribute names; never {@code null}
 * @param values     the value of each attribute; never {@code null}, same length as {@code attributes}
 */
public record GroupKey(List<String> attributes, List<String> values) implements Comparable<GroupKey> {

    public GroupKey {
        attributes = List.copyOf(attributes);
        values = List.copyOf(values);
        if (attributes.size() != values.size()) {
            throw new IllegalArgumentException("one value per attribute is needed");
        }
    }

    @Override
    public int compareTo(GroupKey other) {
        for (int i = 0; i < Math.min(values.size(), other.values.size()); i++) {
            int c = values.get(i).compareTo(other.values.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.size(), other.values.size());
    }

    /** For example {@code sex=F, age=young}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(attributes.get(i)).append('=').append(values.get(i));
        }
        return sb.toString();
    }
}
