package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Field;
import dev.gyre.features.DerivedColumn;
import dev.gyre.features.FeatureSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The slots of a program: the input columns first, then the derived columns in spec order, each with its
 * kind; and the compiled derivations. Checks that each derivation reads a kind it can use.
 */
final class Layout {
    final List<Plan.Input> inputs = new ArrayList<>();
    final List<Derivation> derivations = new ArrayList<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private final Map<String, Kind> kinds = new HashMap<>();

    /**
     * @param inputFields the table columns read, in table order
     * @throws GyreException.InvalidArgument for a derivation that reads a column of the wrong kind
     */
    Layout(List<Field> inputFields, FeatureSpec spec) {
        for (Field field : inputFields) {
            int slot = add(field.name(), Kind.of(field.type()));
            inputs.add(new Plan.Input(field.name(), field.type(), slot));
        }
        List<DerivedColumn> derive = spec.derive();
        for (int i = 0; i < derive.size(); i++) {
            String where = "derive[" + (i + 1) + "]";
            derivations.add(compile(derive.get(i), where, spec.line(where)));
        }
    }

    int count() {
        return slots.size();
    }

    boolean has(String name) {
        return slots.containsKey(name);
    }

    int slot(String name) {
        Integer slot = slots.get(name);
        if (slot == null) {
            throw new GyreException.InvalidArgument("Feature spec: the column '" + name + "' is not available here.");
        }
        return slot;
    }

    Kind kind(String name) {
        return kinds.get(name);
    }

    private int add(String name, Kind kind) {
        int slot = slots.size();
        slots.put(name, slot);
        kinds.put(name, kind);
        return slot;
    }

    private Derivation compile(DerivedColumn column, String field, OptionalInt line) {
        if (column instanceof DerivedColumn.RegexExtract regex) {
            Kind source = source(regex.column(), field, line, regex.kind(), Kind.STR, Kind.NUM);
            int slot = add(column.name(), Kind.STR);
            return new Derivation.Regex(slot, slot(regex.column()), source, regex.compiled(), regex.group());
        }
        if (column instanceof DerivedColumn.Expression expression) {
            ArithmeticExpression parsed = expression.parsed();
            for (String name : parsed.columns()) {
                source(name, field, line, "expression", Kind.NUM, Kind.TIME);
            }
            ArithmeticExpression.Bound bound = parsed.bind(this::slot);
            return new Derivation.Arithmetic(add(column.name(), Kind.NUM), bound);
        }
        if (column instanceof DerivedColumn.DatetimePart part) {
            source(part.column(), field, line, part.kind(), Kind.TIME);
            int source = slot(part.column());
            return new Derivation.DatePart(add(column.name(), Kind.NUM), source, part.part());
        }
        DerivedColumn.TextLength length = (DerivedColumn.TextLength) column;
        source(length.column(), field, line, length.kind(), Kind.STR);
        int source = slot(length.column());
        return new Derivation.TextLength(add(column.name(), Kind.NUM), source);
    }

    private Kind source(String name, String field, OptionalInt line, String what, Kind... accepted) {
        Kind kind = kinds.get(name);
        if (kind == null) {
            throw Where.error(line, field, "reads '" + name + "', which is neither a column of the table nor"
                    + " derived above; the columns are " + slots.keySet() + ".");
        }
        for (Kind ok : accepted) {
            if (kind == ok) {
                return kind;
            }
        }
        String fix = switch (what) {
            case "datetime_part" -> "datetime_part reads a timestamp column; cast '" + name
                    + "' to timestamp in the clean spec";
            case "text_length" -> "text_length reads a text or categorical column";
            case "expression" -> "an expression computes with numeric columns; encode '" + name
                    + "' first in another way, or leave it out of the expression";
            default -> what + " reads text or numbers";
        };
        throw Where.error(line, field, "reads '" + name + "', which is " + kind.words() + "; " + fix + ".");
    }
}
