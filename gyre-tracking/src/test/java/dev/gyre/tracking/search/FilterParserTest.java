package dev.gyre.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    private static List<Comparison> runs(String filter) {
        return FilterParser.parseFilter(filter, SearchSchema.RUNS);
    }

    private static Comparison single(String filter) {
        List<Comparison> comparisons = runs(filter);
        assertThat(comparisons).hasSize(1);
        return comparisons.get(0);
    }

    @Test
    void emptyOrBlankFilterHasNoComparisons() {
        assertThat(runs(null)).isEmpty();
        assertThat(runs("")).isEmpty();
        assertThat(runs("   ")).isEmpty();
    }

    @Test
    void parsesMetricComparison() {
        Comparison c = single("metrics.rmse < 0.5");
        assertThat(c.identifier()).isEqualTo(new Identifier(EntityType.METRIC, "rmse", 0));
        assertThat(c.comparator()).isEqualTo(Comparator.LT);
        assertThat(c.value()).isEqualTo(new FilterValue.Number("0.5", 0.5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics.a = 1|EQ", "metrics.a != 1|NE", "metrics.a <> 1|NE", "metrics.a > 1|GT", "metrics.a >= 1|GE",
            "metrics.a < 1|LT", "metrics.a <= 1|LE", "metrics.a == 1|EQ"})
    void parsesEveryNumericComparator(String filter, Comparator expected) {
        assertThat(single(filter).comparator()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics.a > -1.5|-1.5", "metrics.a > 1e3|1000", "metrics.a > .5|0.5", "metrics.a > +2|2",
            "metrics.a>3|3", "metrics.a > 1.5E-2|0.015"})
    void parsesNumbers(String filter, double expected) {
        assertThat(((FilterValue.Number) single(filter).value()).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metric.acc > 1|METRIC|acc", "params.lr = '1'|PARAM|lr", "param.lr = '1'|PARAM|lr",
            "tags.team = 'x'|TAG|team", "tag.team = 'x'|TAG|team", "attributes.status = 'RUNNING'|ATTRIBUTE|status",
            "attribute.run_name = 'x'|ATTRIBUTE|run_name", "status = 'FAILED'|ATTRIBUTE|status",
            "run_id = 'abc'|ATTRIBUTE|run_id", "start_time > 5|ATTRIBUTE|start_time",
            "end_time <= 5|ATTRIBUTE|end_time", "created > 5|ATTRIBUTE|start_time",
            "user_id = 'u'|ATTRIBUTE|user_id", "artifact_uri LIKE 's3://%'|ATTRIBUTE|artifact_uri",
            "lifecycle_stage = 'active'|ATTRIBUTE|lifecycle_stage", "METRICS.acc > 1|METRIC|acc",
            "metrics.a.b/c-d > 1|METRIC|a.b/c-d", "tags.mlflow.runName = 'x'|TAG|mlflow.runName"})
    void resolvesIdentifiers(String filter, EntityType type, String key) {
        Identifier identifier = single(filter).identifier();
        assertThat(identifier.type()).isEqualTo(type);
        assertThat(identifier.key()).isEqualTo(key);
    }

    @Test
    void keysMayBeQuotedWithBackticksOrDoubleQuotes() {
        assertThat(single("metrics.`my metric` > 1").identifier().key()).isEqualTo("my metric");
        assertThat(single("tags.\"a = b\" = 'x'").identifier().key()).isEqualTo("a = b");
        assertThat(single("params.\"it\"\"s\" = 'x'").identifier().key()).isEqualTo("it\"s");
    }

    @Test
    void stringsInSingleOrDoubleQuotesWithDoubledQuotes() {
        assertThat(single("tags.a = 'it''s'").value()).isEqualTo(new FilterValue.Text("it's"));
        assertThat(single("tags.a = \"dq\"").value()).isEqualTo(new FilterValue.Text("dq"));
        assertThat(single("tags.a = ''").value()).isEqualTo(new FilterValue.Text(""));
        assertThat(single("tags.a = 'and or'").value()).isEqualTo(new FilterValue.Text("and or"));
    }

    @Test
    void stringComparatorsAndLists() {
        assertThat(single("params.a LIKE 'x%'").comparator()).isEqualTo(Comparator.LIKE);
        assertThat(single("params.a ilike 'x%'").comparator()).isEqualTo(Comparator.ILIKE);
        Comparison in = single("status IN ('RUNNING', 'FINISHED')");
        assertThat(in.comparator()).isEqualTo(Comparator.IN);
        assertThat(in.value()).isEqualTo(new FilterValue.TextList(List.of("RUNNING", "FINISHED")));
        assertThat(single("run_id not in ('a')").comparator()).isEqualTo(Comparator.NOT_IN);
    }

    @Test
    void conjunctionsWithCaseInsensitiveAnd() {
        List<Comparison> comparisons = runs("metrics.a > 1 and params.b = 'x' AND tags.c != 'y' And status = 'RUNNING'");
        assertThat(comparisons).extracting(c -> c.identifier().type())
                .containsExactly(EntityType.METRIC, EntityType.PARAM, EntityType.TAG, EntityType.ATTRIBUTE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // syntax errors
            "metrics.a >|position 12|expected a value",
            "metrics.a|position 10|expected a comparator",
            "metrics.a 1|position 11|expected a comparator",
            "metrics.a > 1 metrics.b > 2|position 15|expected 'AND'",
            "metrics.a > 1 or metrics.b > 2|position 15|'OR' is not supported",
            "metrics.a > 1 and|position 18|expected an identifier",
            "metrics.a > 1 AND AND metrics.b > 1|position 19|unknown identifier",
            "tags.a = 'open|position 10|never closed",
            "tags.a = 'x' )|position 14|expected 'AND'",
            "= 1|position 1|expected an identifier",
            "'x' = 'y'|position 1|expected an identifier",
            "metrics.a ! 1|position 11|did you mean '!='",
            "metrics.a > 1x|position 13|neither a number",
            "metrics.a # 1|position 11|unexpected character",
            "status IN ('a' 'b')|position 16|expected ',' or ')'",
            "status IN ('a', 1)|position 17|expected a quoted string",
            "status NOT LIKE 'a'|position 12|expected 'IN' after 'NOT'",
            "`x` = 1|position 1|quoted key",
            "metrics. > 1|position 1|expected a key",
            // unknown entities and attributes
            "foo.a = 'x'|position 1|invalid entity type 'foo'",
            "attributes.nope = 'x'|position 1|invalid attribute key 'nope'",
            "nope = 'x'|position 1|unknown identifier",
            // comparators not allowed for the type
            "metrics.a LIKE '1'|position 1|invalid comparator 'LIKE' for metric 'a'",
            "metrics.a IN ('1')|position 1|invalid comparator 'IN'",
            "params.a > '1'|position 1|invalid comparator '>' for param 'a'",
            "tags.a IN ('x')|position 1|invalid comparator 'IN' for tag 'a'",
            "start_time LIKE '1'|position 1|invalid comparator 'LIKE' for attribute 'start_time'",
            "status > 'a'|position 1|invalid comparator '>' for attribute 'status'",
            // values of the wrong kind
            "metrics.a > 'x'|position 1|expected a numeric value",
            "start_time > '5'|position 1|expected a numeric value",
            "params.a = 1|position 1|expected a quoted string value",
            "tags.a = ('x')|position 1|expected a quoted string value",
            "status IN 'RUNNING'|position 1|needs a parenthesised list",
            "metrics.a = ('1')|position 1|expected a numeric value"})
    void rejectsInvalidFiltersNamingPositionAndExpectation(String filter, String position, String detail) {
        assertThatThrownBy(() -> runs(filter))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining(position)
                .hasMessageContaining(detail);
    }

    @Test
    void errorsAreMlflowInvalidParameterValue() {
        GyreException e = (GyreException) org.assertj.core.api.Assertions.catchThrowable(() -> runs("metrics.a ? 1"));
        assertThat(e.code().name()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @Test
    void experimentSchemaAllowsNameAndTagsOnly() {
        assertThat(FilterParser.parseFilter("name LIKE 'a%' and tags.x = 'y' and attributes.name != 'b'",
                SearchSchema.EXPERIMENTS)).hasSize(3);
        assertThat(FilterParser.parseFilter("creation_time > 5", SearchSchema.EXPERIMENTS)).hasSize(1);
        assertThatThrownBy(() -> FilterParser.parseFilter("metrics.a > 1", SearchSchema.EXPERIMENTS))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("'tags.'");
        assertThatThrownBy(() -> FilterParser.parseFilter("status = 'x'", SearchSchema.EXPERIMENTS))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void parsesOrderBy() {
        List<OrderBy> orderBy = FilterParser.parseOrderBy(List.of("metrics.rmse DESC", "params.`lr x`",
                "start_time asc", "tags.t Desc"), SearchSchema.RUNS);
        assertThat(orderBy).containsExactly(
                new OrderBy(new Identifier(EntityType.METRIC, "rmse", 0), false),
                new OrderBy(new Identifier(EntityType.PARAM, "lr x", 0), true),
                new OrderBy(new Identifier(EntityType.ATTRIBUTE, "start_time", 0), true),
                new OrderBy(new Identifier(EntityType.TAG, "t", 0), false));
        assertThat(FilterParser.parseOrderBy(null, SearchSchema.RUNS)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "metrics.a DESC extra", "metrics.a UP", "nope", "foo.a", "metrics.a, metrics.b", "1"})
    void rejectsInvalidOrderBy(String clause) {
        assertThatThrownBy(() -> FilterParser.parseOrderBy(List.of(clause), SearchSchema.RUNS))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("order_by");
    }

    @Test
    void userValuesAreBoundNeverSpliced() {
        SqlQuery query = SearchSql.runs(List.of(1L), List.of("active"),
                runs("tags.\"x'; DROP TABLE runs; --\" = 'a'' OR 1=1 --' and metrics.m > 1 and status IN ('R', 'F')"),
                FilterParser.parseOrderBy(List.of("params.`p'q` DESC"), SearchSchema.RUNS), 10, 0);
        assertThat(query.sql()).doesNotContain("DROP").doesNotContain("1=1").doesNotContain("p'q");
        assertThat(query.parameters().values()).contains("x'; DROP TABLE runs; --", "a' OR 1=1 --", "p'q", "R", "F");
        assertThat(query.sql()).contains("ORDER BY").contains("r.start_time DESC").contains("r.run_uuid ASC");
    }
}
