package dev.gyre.features.internal;

import dev.gyre.features.DerivedColumn;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compiled derived column: reads slots of the row and writes its own slot. Immutable and thread-safe. */
abstract class Derivation {
    final int slot;

    Derivation(int slot) {
        this.slot = slot;
    }

    abstract void compute(Row r);

    /** The first match's group of a pattern in the source text (a number's category name). */
    static final class Regex extends Derivation {
        final int source;
        final Kind sourceKind;
        final Pattern pattern;
        final int group;

        Regex(int slot, int source, Kind sourceKind, Pattern pattern, int group) {
            super(slot);
            this.source = source;
            this.sourceKind = sourceKind;
            this.pattern = pattern;
            this.group = group;
        }

        @Override
        void compute(Row r) {
            String text = sourceKind == Kind.STR ? r.str[source]
                    : Double.isNaN(r.num[source]) ? null : Values.name(r.num[source]);
            String value = null;
            if (text != null) {
                Matcher m = pattern.matcher(text);
                if (m.find()) {
                    value = m.group(group);
                }
            }
            r.str[slot] = value;
        }
    }

    /** An arithmetic expression over numeric slots; a non-finite result is missing. */
    static final class Arithmetic extends Derivation {
        final ArithmeticExpression.Bound expression;

        Arithmetic(int slot, ArithmeticExpression.Bound expression) {
            super(slot);
            this.expression = expression;
        }

        @Override
        void compute(Row r) {
            r.num[slot] = Values.finite(expression.evaluate(r.num));
        }
    }

    /** A calendar part of a timestamp slot, in UTC. */
    static final class DatePart extends Derivation {
        final int source;
        final DerivedColumn.Part part;

        DatePart(int slot, int source, DerivedColumn.Part part) {
            super(slot);
            this.source = source;
            this.part = part;
        }

        @Override
        void compute(Row r) {
            double v = r.num[source];
            if (Double.isNaN(v)) {
                r.num[slot] = Double.NaN;
                return;
            }
            long millis = (long) v;
            r.num[slot] = switch (part) {
                case YEAR -> CivilTime.year(millis);
                case MONTH -> CivilTime.month(millis);
                case DAY -> CivilTime.dayOfMonth(millis);
                case DAY_OF_WEEK -> CivilTime.dayOfWeek(millis);
                case HOUR -> CivilTime.hour(millis);
                case DAY_OF_YEAR -> CivilTime.dayOfYear(millis);
            };
        }
    }

    /** The length of a text slot in code points. */
    static final class TextLength extends Derivation {
        final int source;

        TextLength(int slot, int source) {
            super(slot);
            this.source = source;
        }

        @Override
        void compute(Row r) {
            String text = r.str[source];
            r.num[slot] = text == null ? Double.NaN : text.codePointCount(0, text.length());
        }
    }
}
