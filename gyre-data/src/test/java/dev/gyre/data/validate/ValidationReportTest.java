package dev.gyre.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValidationReportTest {
    private static final String HOSTILE = "<script>alert('x')</script>";

    private static ValidationReport report() {
        Schema schema = Schema.of(new Field("name", ColumnType.TEXT), new Field("age", ColumnType.NUMERIC));
        TableBuilder builder = new TableBuilder(schema);
        builder.addRow("Ann", 30.0).addRow(HOSTILE, 41.0).addRow("Bo & \"Cy\"", null).addRow("Di", 200.0);
        Table table = builder.build();
        ExpectationSuite suite = SuiteParser.parse("""
                name: people <b>raw</b>
                expectations:
                  - expect: in_set
                    column: name
                    values: [Ann, Di]
                  - expect: between
                    column: age
                    min: 0
                    max: 120
                  - expect: not_null
                    column: age
                    mostly: 0.5
                  - expect: row_count_between
                    min: 1
                  - expect: type
                    column: name
                    type: text
                """, "people.yaml");
        return Validator.validate(suite, table);
    }

    @Test
    void theJsonCarriesEveryResult() throws Exception {
        ValidationReport report = report();
        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(json.get("suite").asText()).isEqualTo("people <b>raw</b>");
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("rowCount").asLong()).isEqualTo(4);
        assertThat(json.get("statistics").get("evaluated").asInt()).isEqualTo(5);
        assertThat(json.get("statistics").get("successful").asInt()).isEqualTo(3);
        assertThat(json.get("statistics").get("failed").asInt()).isEqualTo(2);
        JsonNode inSet = json.get("results").get(0);
        assertThat(inSet.get("expectation").get("expect").asText()).isEqualTo("in_set");
        assertThat(inSet.get("expectation").get("values").get(1).asText()).isEqualTo("Di");
        assertThat(inSet.get("success").asBoolean()).isFalse();
        assertThat(inSet.get("elementCount").asLong()).isEqualTo(4);
        assertThat(inSet.get("unexpectedCount").asLong()).isEqualTo(2);
        assertThat(inSet.get("unexpectedPercent").asDouble()).isEqualTo(50.0);
        assertThat(inSet.get("examples").get(0).get("row").asLong()).isEqualTo(1);
        assertThat(inSet.get("examples").get(0).get("value").asText()).isEqualTo(HOSTILE);
        JsonNode between = json.get("results").get(1);
        assertThat(between.get("expectation").get("max").asInt()).isEqualTo(120);
        assertThat(between.get("missingCount").asLong()).isEqualTo(1);
        JsonNode notNull = json.get("results").get(2);
        assertThat(notNull.get("expectation").get("mostly").asDouble()).isEqualTo(0.5);
        assertThat(notNull.get("examples").get(0).get("value").isNull()).isTrue();
        assertThat(json.get("results").get(3).get("observedValue").asLong()).isEqualTo(4);
        assertThat(json.get("results").get(4).get("observedValue").asText()).isEqualTo("text");
    }

    @Test
    void theHtmlPageShowsTheSuiteAndEveryExpectationWithValuesEscaped() {
        String html = report().toHtml();

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).contains("<title>Validation of people &lt;b&gt;raw&lt;/b&gt;</title>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("<code>Bo &amp; &quot;Cy&quot;</code>")
                .doesNotContain("<script").doesNotContain("<b>raw");
        for (String kind : new String[] {"in_set", "between", "not_null", "row_count_between", "type"}) {
            assertThat(html).contains("<td>" + kind + "</td>");
        }
        assertThat(html).contains("values: [Ann, Di]").contains("min: 0, max: 120")
                .contains("&#10004; passed").contains("&#10008; failed").contains("mostly: 0.5");
        assertThat(html).contains("<p class=\"summary fail\"><strong>Failed</strong>: 3 of 5 expectations passed");
        assertThat(count(html, "<tr class=\"fail\">")).isEqualTo(2);
        assertThat(count(html, "<tr class=\"pass\">")).isEqualTo(3);
        assertThat(html).contains("<li>3: <code>200</code></li>").contains("<em class=\"muted\">missing</em>");
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<link");
    }

    @Test
    void theHtmlIsBalancedAndSelfContained() {
        String html = report().toHtml();
        for (String tag : new String[] {"html", "head", "body", "table", "thead", "tbody", "tr", "td", "th", "ul", "li",
                "code", "style", "title", "h1", "p"}) {
            assertThat(count(html, "<" + tag + "[ >]")).as(tag).isEqualTo(count(html, "</" + tag + ">"));
        }
    }

    @Test
    void escapingCoversMarkupQuotesAndControlCharacters() {
        assertThat(ReportHtml.escape("a<b>&\"c\"'d'\u0007")).isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;&#xFFFD;");
        assertThat(ReportHtml.escape(null)).isEmpty();
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
