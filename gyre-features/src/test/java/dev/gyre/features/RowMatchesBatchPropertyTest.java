package dev.gyre.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On random tables and random specs, the single-row transform of each row equals that row of the batch
 * transform bit for bit, before and after a JSON round trip.
 */
class RowMatchesBatchPropertyTest {
    private static final int SEEDS = 400;

    @Test
    void transformRowEqualsTheBatchTransformBitForBitOnRandomTablesAndSpecs() {
        int rowsChecked = 0;
        int nothingToLearn = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Table training = RandomTables.table(random, 1 + random.nextInt(80), true);
            Table other = RandomTables.table(random, 1 + random.nextInt(40), false);
            String yaml = spec(random);
            FittedFeatures fitted;
            try {
                fitted = Tables.fit(training, yaml);
            } catch (GyreException.InvalidArgument e) {
                // e.g. log1p of negative values left a column without values for a later statistic
                assertThat(e.getMessage()).as("seed " + seed).contains("has no values in the training table");
                nothingToLearn++;
                continue;
            }
            FittedFeatures read = FittedFeatures.fromJson(fitted.toJson());
            for (Table table : List.of(training, other)) {
                Table batch = fitted.transform(table);
                Table batchRead = read.transform(table);
                for (int i = 0; i < table.rowCount(); i++) {
                    Map<String, Object> row = table.row(i);
                    double[] single = fitted.transformRow(row);
                    double[] singleRead = read.transformRow(row);
                    for (int j = 0; j < single.length; j++) {
                        long expected = bits(((NumericColumn) batch.column(j)).getDouble(i));
                        String where = "seed " + seed + ", row " + i + ", feature " + fitted.featureNames().get(j)
                                + "\n" + yaml;
                        assertThat(bits(single[j])).as(where).isEqualTo(expected);
                        assertThat(bits(singleRead[j])).as(where).isEqualTo(expected);
                        assertThat(bits(((NumericColumn) batchRead.column(j)).getDouble(i))).as(where)
                                .isEqualTo(expected);
                    }
                    rowsChecked++;
                }
            }
        }
        System.out.println("row = batch: " + rowsChecked + " rows checked over " + (SEEDS - nothingToLearn) + " seeds ("
                + nothingToLearn + " specs had nothing to learn from)");
        assertThat(nothingToLearn).isLessThan(SEEDS / 10);
        assertThat(rowsChecked).isGreaterThan(SEEDS * 30);
    }

    private static long bits(double v) {
        return Double.doubleToLongBits(v);
    }

    /** A random spec over {@link RandomTables}' columns, as YAML. */
    static String spec(SplittableRandom random) {
        StringBuilder y = new StringBuilder();
        if (random.nextBoolean()) {
            y.append("target: small\n");
        }
        y.append("derive:\n");
        y.append("  - {name: prefix, regex_extract: {column: text, pattern: \"^([^ ]+) \"}}\n");
        y.append("  - {name: digits, regex_extract: {column: n1, pattern: \"[0-9]+\"}}\n");
        y.append("  - {name: len, text_length: text}\n");
        y.append("  - {name: ratio, expression: \"(n1 + flag) / (n2 - 3) * -2\"}\n");
        y.append("  - {name: part, datetime_part: {column: at, part: ")
                .append(pick(random, "year", "month", "day", "day_of_week", "hour", "day_of_year")).append("}}\n");
        y.append("columns:\n");
        y.append("  n1: ").append(numericChain(random)).append('\n');
        y.append("  n2: ").append(numericChain(random)).append('\n');
        y.append("  ratio: ").append(numericChain(random)).append('\n');
        y.append("  cat: ").append(textChain(random)).append('\n');
        y.append("  prefix: ").append(textChain(random)).append('\n');
        y.append("  digits: ").append(textChain(random)).append('\n');
        if (random.nextBoolean()) {
            y.append("  flag: ").append(numericChain(random)).append('\n');
        }
        if (random.nextBoolean()) {
            y.append("  part: [").append(encoder(random)).append("]\n");
        }
        y.append("drop: [text, at]\n");
        return y.toString();
    }

    private static String numericChain(SplittableRandom random) {
        List<String> steps = new ArrayList<>();
        if (random.nextInt(3) > 0) {
            steps.add("{impute: " + pick(random, "mean", "median", "most_frequent", "{constant: -7.5}")
                    + (random.nextBoolean() ? ", indicator: true" : "") + "}");
        }
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            steps.add(pick(random, "standardize", "min_max", "log1p", "{clip: {min: -1, max: 2.5}}", "{clip: {max: 0}}",
                    "{bucketize: {quantiles: " + (2 + random.nextInt(6)) + "}}", "{bucketize: {edges: [-1, 0, 0.5, 7]}}"));
        }
        if (random.nextInt(4) == 0) {
            steps.add(encoder(random));
        }
        if (steps.isEmpty()) {
            steps.add("standardize");
        }
        return "[" + String.join(", ", steps) + "]";
    }

    private static String textChain(SplittableRandom random) {
        List<String> steps = new ArrayList<>();
        if (random.nextBoolean()) {
            steps.add(pick(random, "{impute: most_frequent}", "{impute: {constant: \"zz\"}, indicator: true}",
                    "{impute: {constant: 3}}"));
        }
        steps.add(encoder(random));
        if (steps.get(steps.size() - 1).startsWith("frequency") && random.nextBoolean()) {
            steps.add(pick(random, "standardize", "min_max"));
        }
        return "[" + String.join(", ", steps) + "]";
    }

    private static String encoder(SplittableRandom random) {
        return pick(random, "one_hot", "{one_hot: {max_categories: " + (1 + random.nextInt(4)) + "}}",
                "{one_hot: {unseen: other}}", "{one_hot: {max_categories: 2, unseen: other}}", "ordinal",
                "frequency", "{hashing: {buckets: " + (2 + random.nextInt(30)) + "}}");
    }

    private static String pick(SplittableRandom random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
