package dev.gyre.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.tracking.internal.PageTokens;
import dev.gyre.tracking.internal.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** MLflow's name rules and the page tokens, without a database. */
class ValidationAndTokensTest {

    @ParameterizedTest
    @ValueSource(strings = {"..", "../a", "...a", "a/..", "a/../b", "/a", "//a", "./a", "a/./b", "a//b", "a/", ".", ""})
    void namesThatNormaliseToAnotherPathAreNotUnique(String name) {
        assertThat(Validation.pathNotUnique(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "a.b", "a..b", "a-b_c d:e", "train/loss"})
    void cleanRelativeNamesAreUnique(String name) {
        assertThat(Validation.pathNotUnique(name)).isFalse();
        Validation.key("metric", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1", "0123456789abcdef0123456789abcdef", "Run-1_x"})
    void acceptsMlflowRunIds(String id) {
        Validation.runId(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "_a", "a b", "a/b", "a.b"})
    void rejectsOtherRunIds(String id) {
        assertThatThrownBy(() -> Validation.runId(id)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("run_id");
    }

    @Test
    void runIdMayBe256CharactersLong() {
        Validation.runId("a".repeat(256));
        assertThatThrownBy(() -> Validation.runId("a".repeat(257))).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void offsetTokensAreMlflowShapedAndRoundTrip() {
        String token = PageTokens.offset(1000);
        String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"offset\":1000}");
        assertThat(PageTokens.offset(token)).isEqualTo(1000);
        assertThat(PageTokens.offset((String) null)).isZero();
        String mlflowStyle = Base64.getEncoder().encodeToString("{\"offset\": 7}".getBytes(StandardCharsets.UTF_8));
        assertThat(PageTokens.offset(mlflowStyle)).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "e30", "W10", "eyJvZmZzZXQiOi0xfQ"})
    void rejectsForgedOffsetTokens(String token) {
        assertThatThrownBy(() -> PageTokens.offset(token)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("page token");
    }

    @Test
    void metricPositionsRoundTripIncludingSpecialValues() {
        var position = new PageTokens.MetricPosition(5, 6, false, Double.NEGATIVE_INFINITY);
        assertThat(PageTokens.metricPosition(PageTokens.metricPosition(position))).isEqualTo(position);
        assertThat(PageTokens.metricPosition((String) null)).isNull();
        assertThatThrownBy(() -> PageTokens.metricPosition(PageTokens.offset(3)))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }
}
