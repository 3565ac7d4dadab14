package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import dev.gyre.pipelines.internal.ConditionSyntax;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checkpoint's condition over a step's results, e.g. {@code metrics.roc_auc >= 0.85 and gates.passed}.
 *
 * <p>The language: dotted paths into the results ({@code metrics.roc_auc}); numbers ({@code 3}, {@code 0.85},
 * {@code 1e-3}); quoted text ({@code 'ok'} or {@code "ok"}); {@code true}, {@code false}, {@code null};
 * comparisons {@code == != < <= > >=}; {@code and}, {@code or}, {@code not}; parentheses. A path alone holds
 * when its value is {@code true}. Numbers compare as numbers and texts as texts; ordering a number against a
 * text does not hold. A path that is missing from the results makes its comparison false with the reason
 * {@code <path> is missing}. There is no arithmetic, no function call and no scripting: a condition only
 * reads values.
 *
 * <p>Parsed once; immutable and thread-safe. Equal when written the same.
 */
public final class Condition {
    /** Longest condition accepted, in characters. */
    public static final int MAX_LENGTH = 4096;

    private final String text;
    private final ConditionSyntax.Expr expr;

    private Condition(String text, ConditionSyntax.Expr expr) {
        this.text = text;
        this.expr = expr;
    }

    /**
     * Parses a condition.
     *
     * @throws GyreException.InvalidArgument for an empty or malformed condition, naming the column and the fix,
     *                                       e.g. {@code Condition 'a = 1', column 3: a single '=' is not an
     *                                       operator; write '==' to compare.}
     */
    public static Condition parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new GyreException.InvalidArgument("The condition is empty; write one such as"
                    + " \"metrics.roc_auc >= 0.85\".");
        }
        if (text.length() > MAX_LENGTH) {
            throw new GyreException.InvalidArgument("The condition is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        return new Condition(text, ConditionSyntax.parse(text));
    }

    /** The condition as written. */
    public String text() {
        return text;
    }

    /** The paths the condition reads, in written order, each once. */
    public List<String> paths() {
        return ConditionSyntax.paths(expr);
    }

    /**
     * Evaluates the condition over results: nested maps with text keys whose leaves are numbers, text, booleans
     * or null. Never throws for missing or mistyped values: they make the comparison false and say so.
     */
    public Verdict evaluate(Map<String, ?> results) {
        ConditionSyntax.Outcome outcome = expr.evaluate(results == null ? Map.of() : results);
        return new Verdict(outcome.holds(), outcome.reason());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
