package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Table;
import dev.gyre.features.DerivedColumn;
import dev.gyre.features.FeatureSpec;
import dev.gyre.features.FeatureStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits a {@link FeatureSpec} on a training table: checks every name against the table, computes the
 * derived columns for the training rows, then learns each column's steps in order on the values its
 * previous steps produced. Every statistic comes from the table given here and nowhere else.
 */
public final class Fitter {
    private Fitter() {
    }

    /**
     * @throws GyreException.InvalidArgument for a spec that does not fit the table, naming the line
     */
    public static Plan fit(Table table, FeatureSpec spec) {
        Set<String> derived = new LinkedHashSet<>(spec.derivedNames());
        checkNames(table, spec, derived);
        if (table.rowCount() == 0) {
            throw new GyreException.InvalidArgument("The training table has no rows; features are fitted on at"
                    + " least one row.");
        }
        String target = spec.target().orElse(null);
        Set<String> dropped = new HashSet<>(spec.drop());
        Set<String> sources = new HashSet<>();
        spec.derive().forEach(d -> sources.addAll(d.sources()));
        List<Field> inputs = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (Field field : table.schema().fields()) {
            boolean feature = !field.name().equals(target) && !dropped.contains(field.name());
            if (feature) {
                features.add(field.name());
            }
            if (feature || sources.contains(field.name())) {
                inputs.add(field);
            }
        }
        for (String name : derived) {
            if (!dropped.contains(name)) {
                features.add(name);
            }
        }
        Layout layout = new Layout(inputs, spec);
        Plan loader = new Plan(layout.inputs, layout.derivations, List.of(), layout.count());
        TrainingValues values = TrainingValues.compute(loader, layout, table);
        List<Chain> chains = new ArrayList<>();
        for (String column : features) {
            chains.add(chain(column, layout, values, spec));
        }
        return checked(new Plan(layout.inputs, layout.derivations, chains, layout.count()), spec);
    }

    private static void checkNames(Table table, FeatureSpec spec, Set<String> derived) {
        List<String> names = table.schema().names();
        String known = "the table's columns are " + names
                + (derived.isEmpty() ? "" : " and the derived columns are " + List.copyOf(derived));
        if (spec.target().isPresent() && !table.hasColumn(spec.target().get())) {
            throw Where.error(spec.line("target"), "target", "the target '" + spec.target().get() + "' is not a"
                    + " column of the training table; " + known + ".");
        }
        List<DerivedColumn> derive = spec.derive();
        for (int i = 0; i < derive.size(); i++) {
            String field = "derive[" + (i + 1) + "]";
            if (table.hasColumn(derive.get(i).name())) {
                throw Where.error(spec.line(field), field, "'" + derive.get(i).name() + "' is already a column of the"
                        + " table; give the derived column another name, or drop the table's column in the clean spec.");
            }
            for (String source : derive.get(i).sources()) {
                if (!table.hasColumn(source) && !derived.contains(source)) {
                    throw Where.error(spec.line(field), field, "reads '" + source + "', which is not a column of the"
                            + " table; " + known + ".");
                }
            }
        }
        for (String column : spec.columns().keySet()) {
            if (!table.hasColumn(column) && !derived.contains(column)) {
                throw Where.error(spec.line("columns." + column), "columns." + column, "no column '" + column
                        + "' in the training table; " + known + ".");
            }
        }
        for (int i = 0; i < spec.drop().size(); i++) {
            String column = spec.drop().get(i);
            if (!table.hasColumn(column) && !derived.contains(column)) {
                String field = "drop[" + (i + 1) + "]";
                throw Where.error(spec.line(field), field, "cannot drop '" + column + "': it is not a column of the"
                        + " training table; " + known + ".");
            }
        }
    }

    private static Chain chain(String column, Layout layout, TrainingValues values, FeatureSpec spec) {
        Kind kind = layout.kind(column);
        int slot = layout.slot(column);
        List<FeatureStep> steps = spec.columns().getOrDefault(column, List.of());
        String field = "columns." + column;
        if (kind == Kind.TIME) {
            throw Where.error(spec.line(field), steps.isEmpty() ? null : field, "'" + column + "' is a timestamp,"
                    + " which is not a feature by itself; derive parts of it, e.g. {name: month, datetime_part:"
                    + " {column: " + column + ", part: month}}, and add it to drop.");
        }
        if (steps.isEmpty() && kind == Kind.STR) {
            throw new GyreException.InvalidArgument("Feature spec: '" + column + "' is text (categorical or free text)"
                    + " and has no steps, but features are numbers. Give it steps under columns, e.g. " + column
                    + ": [one_hot] or [ordinal] (or hashing for many values), or add it to drop.");
        }
        double[] nums = kind == Kind.NUM ? values.nums[slot].clone() : null;
        String[] strs = kind == Kind.STR ? values.strs[slot].clone() : null;
        List<Op> ops = new ArrayList<>();
        Kind current = kind;
        for (int k = 0; k < steps.size(); k++) {
            String stepField = field + "[" + (k + 1) + "]";
            StepFitter fitter = new StepFitter(column, Where.of(spec.line(stepField), stepField));
            Op op = fitter.fit(steps.get(k), current, nums, strs);
            ops.add(op);
            if (op.out() != null) {
                double[] nextNums = op.out() == Kind.NUM ? new double[values.rows] : null;
                String[] nextStrs = op.out() == Kind.STR ? new String[values.rows] : null;
                StepFitter.apply(op, nums, strs, nextNums, nextStrs);
                nums = nextNums;
                strs = nextStrs;
                current = op.out();
            }
        }
        if (current == Kind.STR && (ops.isEmpty() || ops.get(ops.size() - 1).out() != null)) {
            throw Where.error(spec.line(field), field, "'" + column + "' is still text after its steps; end them with"
                    + " one_hot, ordinal, frequency or hashing.");
        }
        return new Chain(column, slot, kind, ops, 0);
    }

    /** Rebuilds the chains' offsets in order and checks the output names are unique. */
    static Plan checked(Plan plan, FeatureSpec spec) {
        List<Chain> placed = new ArrayList<>();
        int start = 0;
        Map<String, String> owners = new HashMap<>();
        for (Chain chain : plan.chains) {
            Chain at = new Chain(chain.column, chain.slot, chain.kind, List.of(chain.ops), start);
            start += at.width();
            for (String name : at.names) {
                String before = owners.put(name, at.column);
                if (before != null) {
                    throw new GyreException.InvalidArgument("Feature spec: two features would be named '" + name
                            + "' (from the columns '" + before + "' and '" + at.column + "'); rename one of them"
                            + " (a derived column or a clean-spec rename) or drop it.");
                }
            }
            placed.add(at);
        }
        return new Plan(plan.inputs, plan.derivations, placed, plan.slots);
    }

    /** Every slot's values for the training rows. */
    private static final class TrainingValues {
        final int rows;
        final double[][] nums;
        final String[][] strs;

        private TrainingValues(int rows, int slots) {
            this.rows = rows;
            this.nums = new double[slots][];
            this.strs = new String[slots][];
        }

        static TrainingValues compute(Plan loader, Layout layout, Table table) {
            int rows = table.rowCount();
            int slots = layout.count();
            TrainingValues values = new TrainingValues(rows, slots);
            Plan.Cursor cursor = loader.cursor(table);
            Row r = loader.newRow();
            for (int s = 0; s < slots; s++) {
                values.nums[s] = new double[rows];
                values.strs[s] = new String[rows];
            }
            double[] none = new double[0];
            for (int i = 0; i < rows; i++) {
                cursor.load(i, r);
                loader.evaluate(r, none);
                for (int s = 0; s < slots; s++) {
                    values.nums[s][i] = r.num[s];
                    values.strs[s][i] = r.str[s];
                }
            }
            return values;
        }
    }
}
