package dev.gyre.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticExpressionTest {

    private static double eval(String text, double... values) {
        ArithmeticExpression e = ArithmeticExpression.parse(text);
        List<String> columns = e.columns();
        return e.bind(columns::indexOf).evaluate(values);
    }

    @Test
    void multiplicationAndDivisionBindTighterThanAdditionAndAreLeftAssociative() {
        assertThat(eval("1 + 2 * 3")).isEqualTo(7);
        assertThat(eval("(1 + 2) * 3")).isEqualTo(9);
        assertThat(eval("8 / 4 / 2")).isEqualTo(1);
        assertThat(eval("10 - 4 - 3")).isEqualTo(3);
        assertThat(eval("-2 * -3")).isEqualTo(6);
        assertThat(eval("- (1 + 1)")).isEqualTo(-2);
        assertThat(eval("1.5e2 + .5 + 2.")).isEqualTo(152.5);
    }

    @Test
    void columnsAreListedOnceInFirstUseOrder() {
        ArithmeticExpression e = ArithmeticExpression.parse("b * a + b + `my col`");
        assertThat(e.columns()).containsExactly("b", "a", "my col");
        assertThat(eval("b * a + b", 3, 2)).isEqualTo(9);
    }

    @Test
    void nanPropagates() {
        assertThat(eval("a + 1", Double.NaN)).isNaN();
    }

    @Test
    void syntaxErrorsSayWhatWasExpectedWhere() {
        assertThatThrownBy(() -> ArithmeticExpression.parse("a +"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("in the expression \"a +\" at character 4: a number, a column or '(' was expected.");
        assertThatThrownBy(() -> ArithmeticExpression.parse("a b"))
                .hasMessageContaining("at character 3: unexpected 'b'; an operator (+ - * /) or the end was expected.");
        assertThatThrownBy(() -> ArithmeticExpression.parse("1e"))
                .hasMessageContaining("digits after the exponent 'e' was expected");
        assertThatThrownBy(() -> ArithmeticExpression.parse("a ^ 2")).hasMessageContaining("unexpected '^'");
        assertThatThrownBy(() -> ArithmeticExpression.parse("``")).hasMessageContaining("between backquotes");
        assertThatThrownBy(() -> ArithmeticExpression.parse(" ")).hasMessageContaining("the expression is empty");
    }

    @Test
    void deepNestingIsRefusedRatherThanOverflowingTheStack() {
        String deep = "(".repeat(200) + "1" + ")".repeat(200);
        assertThatThrownBy(() -> ArithmeticExpression.parse(deep)).hasMessageContaining("nests deeper than 50 levels");
        assertThatThrownBy(() -> ArithmeticExpression.parse("-".repeat(100) + "1"))
                .hasMessageContaining("nests deeper");
    }

    @Test
    void nothingButArithmeticIsAccepted() {
        assertThatThrownBy(() -> ArithmeticExpression.parse("Runtime.getRuntime()"))
                .hasMessageContaining("unexpected '.'");
        assertThatThrownBy(() -> ArithmeticExpression.parse("a; b")).hasMessageContaining("unexpected ';'");
    }
}
