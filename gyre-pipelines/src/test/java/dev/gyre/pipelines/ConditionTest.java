package dev.gyre.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gyre.core.GyreException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final Map<String, Object> RESULTS = Map.of(
            "metrics", Map.of("roc_auc", 0.812, "accuracy", 0.8, "trials", 6),
            "gates", Map.of("passed", true, "fairness", false),
            "report", Map.of("status", "ok", "drift", "none"));

    private static Verdict eval(String condition) {
        return Condition.parse(condition).evaluate(RESULTS);
    }

    private static String parseError(String condition) {
        Throwable t = catchThrowable(() -> Condition.parse(condition));
        assertThat(t).isInstanceOf(GyreException.InvalidArgument.class);
        return t.getMessage();
    }

    @Test
    void failedComparisonQuotesTheValueAndTheActualRelation() {
        assertThat(eval("metrics.roc_auc >= 0.85")).isEqualTo(new Verdict(false, "metrics.roc_auc = 0.812 < 0.85"));
        assertThat(eval("metrics.roc_auc < 0.85")).isEqualTo(new Verdict(true, "metrics.roc_auc = 0.812 < 0.85"));
        assertThat(eval("metrics.roc_auc > 0.9")).isEqualTo(new Verdict(false, "metrics.roc_auc = 0.812 <= 0.9"));
        assertThat(eval("metrics.trials == 6")).isEqualTo(new Verdict(true, "metrics.trials = 6 == 6"));
        assertThat(eval("metrics.trials != 6")).isEqualTo(new Verdict(false, "metrics.trials = 6 == 6"));
        assertThat(eval("metrics.trials <= 5")).isEqualTo(new Verdict(false, "metrics.trials = 6 > 5"));
    }

    @Test
    void numbersCompareByValueWhateverTheirType() {
        assertThat(eval("metrics.trials == 6.0").holds()).isTrue();
        assertThat(eval("metrics.accuracy == 0.80").holds()).isTrue();
        assertThat(eval("metrics.roc_auc > 8.12e-1").holds()).isFalse();
        assertThat(eval("metrics.roc_auc > -1").holds()).isTrue();
    }

    @Test
    void missingPathMakesTheComparisonFalseAndSaysSo() {
        assertThat(eval("metrics.f1 >= 0.5")).isEqualTo(new Verdict(false, "metrics.f1 is missing"));
        assertThat(eval("metrics.f1 != 0.5")).isEqualTo(new Verdict(false, "metrics.f1 is missing"));
        assertThat(eval("0.5 <= metrics.f1")).isEqualTo(new Verdict(false, "metrics.f1 is missing"));
        assertThat(eval("metrics.roc_auc.value > 0")).isEqualTo(new Verdict(false, "metrics.roc_auc.value is missing"));
        assertThat(eval("gates.missing")).isEqualTo(new Verdict(false, "gates.missing is missing"));
    }

    @Test
    void andStopsAtTheFirstFailingPartAndOrAtTheFirstHoldingOne() {
        assertThat(eval("metrics.accuracy >= 0.78 and metrics.roc_auc >= 0.85"))
                .isEqualTo(new Verdict(false, "metrics.roc_auc = 0.812 < 0.85"));
        assertThat(eval("metrics.accuracy >= 0.78 and gates.passed"))
                .isEqualTo(new Verdict(true, "metrics.accuracy = 0.8 >= 0.78 and gates.passed = true"));
        assertThat(eval("metrics.roc_auc >= 0.85 or gates.passed"))
                .isEqualTo(new Verdict(true, "gates.passed = true"));
        assertThat(eval("metrics.roc_auc >= 0.85 or gates.fairness"))
                .isEqualTo(new Verdict(false, "metrics.roc_auc = 0.812 < 0.85 and gates.fairness = false, not true"));
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        // a or (b and c): true because a holds
        assertThat(eval("gates.passed or metrics.roc_auc > 1 and metrics.accuracy > 1").holds()).isTrue();
        // (a or b) and c: false because c does not hold
        assertThat(eval("(gates.passed or metrics.roc_auc > 1) and metrics.accuracy > 1").holds()).isFalse();
    }

    @Test
    void notNegatesAndKeepsTheFacts() {
        assertThat(eval("not gates.fairness")).isEqualTo(new Verdict(true, "gates.fairness = false, not true"));
        assertThat(eval("not (metrics.roc_auc < 0.85)")).isEqualTo(new Verdict(false, "metrics.roc_auc = 0.812 < 0.85"));
        assertThat(eval("not not gates.passed").holds()).isTrue();
    }

    @Test
    void textsBooleansAndNull() {
        assertThat(eval("report.status == 'ok'")).isEqualTo(new Verdict(true, "report.status = 'ok' == 'ok'"));
        assertThat(eval("report.status == \"failed\"")).isEqualTo(new Verdict(false, "report.status = 'ok' != 'failed'"));
        assertThat(eval("gates.passed == true").holds()).isTrue();
        assertThat(eval("gates.fairness == false").holds()).isTrue();
        assertThat(eval("report.drift < 'zzz'").holds()).isTrue();
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("error", null);
        assertThat(Condition.parse("error == null").evaluate(withNull)).isEqualTo(new Verdict(true, "error = null == null"));
        assertThat(Condition.parse("error != null").evaluate(withNull).holds()).isFalse();
    }

    @Test
    void orderingANumberAgainstTextDoesNotHoldAndSaysWhy() {
        Verdict v = eval("report.status > 3");
        assertThat(v.holds()).isFalse();
        assertThat(v.reason()).isEqualTo("report.status = 'ok' and 3 cannot be ordered by > (only two numbers or two"
                + " texts can)");
        assertThat(eval("report.status == 3")).isEqualTo(new Verdict(false, "report.status = 'ok' != 3"));
    }

    @Test
    void notANumberIsNeitherEqualNorOrdered() {
        Map<String, Object> results = Map.of("m", Double.NaN);
        assertThat(Condition.parse("m >= 0").evaluate(results).holds()).isFalse();
        assertThat(Condition.parse("m == m").evaluate(results).holds()).isFalse();
        assertThat(Condition.parse("m != 0").evaluate(results)).isEqualTo(new Verdict(true,
                "m = NaN is not a number, so it is neither equal to nor ordered with anything"));
    }

    @Test
    void comparesTwoPaths() {
        assertThat(eval("metrics.accuracy < metrics.roc_auc"))
                .isEqualTo(new Verdict(true, "metrics.accuracy = 0.8 < metrics.roc_auc = 0.812"));
    }

    @Test
    void evaluatesOverNullResultsAsEmpty() {
        assertThat(Condition.parse("a.b == 1").evaluate(null)).isEqualTo(new Verdict(false, "a.b is missing"));
    }

    @Test
    void listsThePathsItReads() {
        assertThat(Condition.parse("metrics.a > 1 and (metrics.b < metrics.a or not gates.ok)").paths())
                .containsExactly("metrics.a", "metrics.b", "gates.ok");
    }

    @Test
    void singleEqualsIsRefusedWithColumnAndFix() {
        assertThat(parseError("metrics.roc_auc = 0.85"))
                .isEqualTo("Condition 'metrics.roc_auc = 0.85', column 17: a single '=' is not an operator; write"
                        + " '==' to compare.");
    }

    @Test
    void symbolicBooleanOperatorsAreRefusedWithTheWordToUse() {
        assertThat(parseError("a > 1 && b > 2")).contains("column 7", "write 'and'");
        assertThat(parseError("a > 1 || b > 2")).contains("column 7", "write 'or'");
        assertThat(parseError("!a")).contains("column 1", "write 'not'");
        assertThat(parseError("a => 1")).contains("column 3", "'=>' is not an operator; write '>='");
        assertThat(parseError("a =< 1")).contains("column 3", "write '<='");
    }

    @Test
    void malformedConditionsNameTheColumn() {
        assertThat(parseError("metrics.roc_auc >=")).contains("column 19", "the end of the condition");
        assertThat(parseError("(a > 1")).contains("column 7", "expected ')' to close the '(' at column 1");
        assertThat(parseError("a > 1 b > 2")).contains("column 7", "unexpected 'b'", "'and' or 'or'");
        assertThat(parseError("a > 'x")).contains("column 5", "not closed");
        assertThat(parseError("a < b < c")).contains("column 7", "do not chain");
        assertThat(parseError("a >= 1.2.3")).contains("column 6", "'1.2.3' is not a number");
        assertThat(parseError("metrics. roc")).contains("column 9", "path segment");
        assertThat(parseError("a > 1 + 2")).contains("column 7", "unexpected character '+'");
        assertThat(parseError("0.85")).contains("column 1", "alone is not a condition");
        assertThat(parseError("1 < 2")).contains("both sides are constants");
        assertThat(parseError("a >== 1")).contains("column 5", "unexpected '='");
        assertThat(parseError("a and")).contains("column 6");
        assertThat(parseError(">= 1")).contains("column 1", "put a value on the left");
        assertThat(parseError("   ")).contains("empty");
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "(".repeat(500) + "a" + ")".repeat(500);
        assertThat(parseError(deep)).contains("deeper than 100");
    }

    @Test
    void comparisonsAgreeWithJavasAndTheReasonStatesATrueRelation() {
        java.util.Random random = new java.util.Random(20260105L);
        String[] ops = {"==", "!=", "<", "<=", ">", ">="};
        for (int i = 0; i < 2000; i++) {
            // small integers make ties common; fractions exercise the decimal text of both sides
            double x = random.nextBoolean() ? random.nextInt(5) - 2 : Math.round(random.nextGaussian() * 1000) / 100.0;
            double y = random.nextBoolean() ? random.nextInt(5) - 2 : Math.round(random.nextGaussian() * 1000) / 100.0;
            String op = ops[random.nextInt(ops.length)];
            boolean expected = holds(x, op, y);
            Verdict v = Condition.parse("m.x " + op + " " + y).evaluate(Map.of("m", Map.of("x", x)));
            assertThat(v.holds()).as("%s %s %s", x, op, y).isEqualTo(expected);
            // the reason reads "m.x = <x> <relation> <y>" and the relation it states is true
            String[] parts = v.reason().split(" ");
            assertThat(parts).hasSize(5);
            assertThat(holds(Double.parseDouble(parts[2]), parts[3], Double.parseDouble(parts[4])))
                    .as(v.reason()).isTrue();
            assertThat(Condition.parse("not (m.x " + op + " " + y + ")").evaluate(Map.of("m", Map.of("x", x)))
                    .holds()).isEqualTo(!expected);
        }
    }

    private static boolean holds(double a, String op, double b) {
        return switch (op) {
            case "==" -> a == b;
            case "!=" -> a != b;
            case "<" -> a < b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            case ">=" -> a >= b;
            default -> throw new AssertionError(op);
        };
    }

    @Test
    void conditionsAreEqualWhenWrittenTheSame() {
        assertThat(Condition.parse("a > 1")).isEqualTo(Condition.parse("a > 1")).hasSameHashCodeAs(Condition.parse("a > 1"));
        assertThat(Condition.parse("a > 1")).isNotEqualTo(Condition.parse("a  > 1"));
    }
}
