package dev.gyre.tracking.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LikePatternTest {

    private static final StringSemantics PLAIN = new StringSemantics(StringSemantics.CODE_POINT, true);

    @Test
    void wildcardsMatchLikeSql() {
        assertThat(LikePattern.like("a%").matches("abc")).isTrue();
        assertThat(LikePattern.like("a%").matches("ba")).isFalse();
        assertThat(LikePattern.like("%b%").matches("abc")).isTrue();
        assertThat(LikePattern.like("a_c").matches("abc")).isTrue();
        assertThat(LikePattern.like("a_c").matches("ac")).isFalse();
        assertThat(LikePattern.like("%").matches("")).isTrue();
        assertThat(LikePattern.like("_").matches("")).isFalse();
        assertThat(LikePattern.like("%a%a%").matches("banana")).isTrue();
        assertThat(LikePattern.like("%an%x").matches("banana")).isFalse();
        assertThat(LikePattern.like("A%").matches("abc")).isFalse();
        assertThat(LikePattern.like("100%").matches("100%")).isTrue();
        assertThat(LikePattern.like("\u00e9%").matches("\u00e9t\u00e9")).isTrue();
    }

    @Test
    void ilikeLowerCasesAscii() {
        assertThat(LikePattern.ilike("A%", PLAIN).matches("abc")).isTrue();
        assertThat(LikePattern.ilike("%B_", PLAIN).matches("aBc")).isTrue();
    }

    @Test
    void declinesWhatItCannotMatchExactly() {
        assertThatThrownBy(() -> LikePattern.like("x\\_y")).isInstanceOf(Unanswerable.class);
        assertThatThrownBy(() -> LikePattern.ilike("\u00e9", PLAIN)).isInstanceOf(Unanswerable.class);
        assertThatThrownBy(() -> LikePattern.ilike("a", PLAIN).matches("\u00c9")).isInstanceOf(Unanswerable.class);
        assertThatThrownBy(() -> LikePattern.ilike("a", new StringSemantics(null, false)))
                .isInstanceOf(Unanswerable.class);
        assertThatThrownBy(() -> LikePattern.like("_").matches("\ud83d\ude00")).isInstanceOf(Unanswerable.class);
        assertThat(LikePattern.like("%").matches("\ud83d\ude00")).isTrue();
    }

    @Test
    void codePointOrderDiffersFromUtf16OnlyBeyondTheBasicPlane() {
        assertThat(StringSemantics.compareCodePoints("a", "b")).isNegative();
        assertThat(StringSemantics.compareCodePoints("B", "a")).isNegative();
        assertThat(StringSemantics.compareCodePoints("ab", "a")).isPositive();
        assertThat(StringSemantics.compareCodePoints("\ufffd", "\ud83d\ude00")).isNegative();
        assertThat("\ufffd".compareTo("\ud83d\ude00")).isPositive();
    }
}
