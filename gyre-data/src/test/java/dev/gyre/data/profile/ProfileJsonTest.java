package dev.gyre.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ProfileJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theCompleteJsonReadsBackIntoAnEqualProfile() {
        DatasetProfile profile = Profiler.of(Chunks.of(ProfileMergeTest.mixed(20_000, 7, 0), 1_500),
                new ProfileOptions(200, 500));
        String json = profile.toJson();
        DatasetProfile read = DatasetProfile.fromJson(json);

        assertThat(read.toJson()).isEqualTo(json);
        assertThat(read.rowCount()).isEqualTo(profile.rowCount());
        assertThat(read.schema()).isEqualTo(profile.schema());
        for (ColumnProfile original : profile.columns()) {
            ColumnProfile copy = read.column(original.name()).orElseThrow();
            assertThat(copy.count()).isEqualTo(original.count());
            assertThat(copy.missing()).isEqualTo(original.missing());
            assertThat(copy.distinct()).isEqualTo(original.distinct());
            assertThat(copy.topValues()).isEqualTo(original.topValues());
            assertThat(copy.textLengths()).isEqualTo(original.textLengths());
            assertThat(copy.timeRange()).isEqualTo(original.timeRange());
            assertThat(copy.trueCount()).isEqualTo(original.trueCount());
        }
        NumericSummary a = profile.column("x").orElseThrow().numeric().orElseThrow();
        NumericSummary b = read.column("x").orElseThrow().numeric().orElseThrow();
        assertThat(b.mean()).isEqualTo(a.mean());
        assertThat(b.standardDeviation()).isEqualTo(a.standardDeviation());
        assertThat(b.quantiles()).isEqualTo(a.quantiles());
        assertThat(b.histogram()).isEqualTo(a.histogram());
        assertThat(b.quantileK()).isEqualTo(200);
    }

    @Test
    void aStoredProfileCanStillBeMerged() {
        ProfileOptions options = new ProfileOptions(200, 500);
        Table first = ProfileMergeTest.mixed(10_000, 1, 0);
        Table second = ProfileMergeTest.mixed(10_000, 2, 3);
        DatasetProfile stored = DatasetProfile.fromJson(Profiler.of(Chunks.of(first, 1_000), options).toJson());
        DatasetProfile merged = stored.merge(Profiler.of(Chunks.of(second, 1_000), options));
        DatasetProfile direct = new Profiler(first.schema(), options).add(first).add(second).profile();

        assertThat(merged.rowCount()).isEqualTo(20_000);
        NumericSummary m = merged.column("x").orElseThrow().numeric().orElseThrow();
        NumericSummary d = direct.column("x").orElseThrow().numeric().orElseThrow();
        assertThat(m.mean()).isCloseTo(d.mean(), within(1e-9));
        assertThat(m.quantile(0.5)).isCloseTo(d.quantile(0.5), within(1.0));
        assertThat(merged.column("colour").orElseThrow().topValues())
                .isEqualTo(direct.column("colour").orElseThrow().topValues());
    }

    @Test
    void undefinedStatisticsSurviveTheRoundTrip() {
        BitSet missing = new BitSet();
        missing.set(0, 2);
        DatasetProfile profile = Profiler.of(Table.of(new NumericColumn("x", new double[2], missing),
                NumericColumn.of("inf", 1, Double.POSITIVE_INFINITY)));
        DatasetProfile read = DatasetProfile.fromJson(profile.toJson());
        assertThat(read.column("x").orElseThrow().numeric().orElseThrow().mean()).isNaN();
        assertThat(read.column("inf").orElseThrow().numeric().orElseThrow().max()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read.toJson()).isEqualTo(profile.toJson());
    }

    @Test
    void theSummaryShowsTheStatisticsWithoutSketches() throws Exception {
        DatasetProfile profile = Profiler.of(ProfileMergeTest.mixed(5_000, 3, 0));
        JsonNode summary = MAPPER.readTree(profile.toSummaryJson(3));

        assertThat(summary.get("rowCount").asLong()).isEqualTo(5_000);
        JsonNode x = summary.get("columns").get(0);
        assertThat(x.get("name").asText()).isEqualTo("x");
        assertThat(x.get("type").asText()).isEqualTo("numeric");
        NumericSummary n = profile.column("x").orElseThrow().numeric().orElseThrow();
        assertThat(x.get("mean").asDouble()).isEqualTo(n.mean());
        assertThat(x.get("std").asDouble()).isEqualTo(n.standardDeviation());
        assertThat(x.get("quantiles").get("p95").asDouble()).isEqualTo(n.quantile(0.95));
        assertThat(x.get("histogram")).hasSize(NumericSummary.DEFAULT_BINS);
        assertThat(x.has("kll")).isFalse();
        JsonNode colour = summary.get("columns").get(1);
        assertThat(colour.get("topValues")).hasSize(3);
        assertThat(colour.get("topValuesExact").asBoolean()).isTrue();
        JsonNode note = summary.get("columns").get(2);
        assertThat(note.get("topValues")).hasSize(3);
        assertThat(note.get("length").get("max").asLong()).isPositive();
        assertThat(summary.get("columns").get(3).get("trueCount").asLong()).isPositive();
        assertThat(summary.get("columns").get(4).get("min").asText()).startsWith("2023-11-14T");
        assertThat(profile.toSummaryJson()).doesNotContain("\"hll\"");
    }

    @Test
    void textThatIsNotACompleteProfileIsRejectedWithTheFieldNamed() {
        DatasetProfile profile = Profiler.of(Table.of(NumericColumn.of("x", 1, 2)));
        assertThatThrownBy(() -> DatasetProfile.fromJson(profile.toSummaryJson()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not the summary");
        assertThatThrownBy(() -> DatasetProfile.fromJson("{"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not valid JSON");
        String damaged = profile.toJson().replaceFirst("\"kll\":\"[^\"]+\"", "\"kll\":\"AAAA\"");
        assertThatThrownBy(() -> DatasetProfile.fromJson(damaged))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("profile.columns[0]");
        String negative = profile.toJson().replace("\"count\":2", "\"count\":-2");
        assertThatThrownBy(() -> DatasetProfile.fromJson(negative))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("profile.columns[0].count: must be a non-negative integer");
    }
}
