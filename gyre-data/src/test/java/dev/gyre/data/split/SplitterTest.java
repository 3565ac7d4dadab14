package dev.gyre.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitterTest {

    private final Splitter splitter = new Splitter();

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        Table table = Table.of(NumericColumn.of("x", IntStream.range(0, 1000).asDoubleStream().toArray()));

        SplitResult first = splitter.split(table, SplitSpec.random(0.7, 0.15, 0.15, 42));
        SplitResult again = splitter.split(table, SplitSpec.random(0.7, 0.15, 0.15, 42));
        SplitResult other = splitter.split(table, SplitSpec.random(0.7, 0.15, 0.15, 43));

        assertThat(again.train()).isEqualTo(first.train());
        assertThat(again.validation()).isEqualTo(first.validation());
        assertThat(again.test()).isEqualTo(first.test());
        assertThat(other.train()).isNotEqualTo(first.train());
        assertThat(first.summary()).isEqualTo(new SplitSummary(SplitMethod.RANDOM, 42, null,
                new SplitCounts(700, 150, 150), Map.of(), List.of(), List.of()));
        assertThat(first.trainOf(table).rowCount()).isEqualTo(700);
    }

    @Test
    void stratifiedSplitsAreDeterministicForASeedToo() {
        Table table = Table.of(classes(new Random(1), 500, 4));
        SplitSpec spec = SplitSpec.stratified(0.6, 0.2, 0.2, 7, "y");
        SplitResult first = splitter.split(table, spec);
        SplitResult again = splitter.split(table, spec);
        assertThat(again.train()).isEqualTo(first.train());
        assertThat(again.test()).isEqualTo(first.test());
        assertThat(again.summary()).isEqualTo(first.summary());
    }

    @Test
    void everySplitOfRandomTablesIsDisjointAndCoversAllRows() {
        Random random = new Random(2024);
        for (int round = 0; round < 300; round++) {
            int rows = random.nextInt(300);
            Table table = Table.of(classes(random, rows, 1 + random.nextInt(6)), times(random, rows));
            SplitSpec spec = randomSpec(random);
            SplitResult result = splitter.split(table, spec);

            int[] all = IntStream.concat(IntStream.concat(Arrays.stream(result.train()),
                    Arrays.stream(result.validation())), Arrays.stream(result.test())).sorted().toArray();
            assertThat(all).as("%s on %d rows", spec, rows).isEqualTo(IntStream.range(0, rows).toArray());
            for (int[] part : List.of(result.train(), result.validation(), result.test())) {
                assertThat(part).isSorted();
            }
            assertThat(result.summary().counts()).isEqualTo(new SplitCounts(result.train().length,
                    result.validation().length, result.test().length));
            if (!spec.hasValidation()) {
                assertThat(result.validation()).isEmpty();
            }
            if (spec.method() == SplitMethod.RANDOM) {
                assertWithinOneRow(result.summary().counts(), rows, spec);
            }
            if (spec.method() == SplitMethod.TIME) {
                assertTiesNeverStraddle(table.column("t"), result);
            }
        }
    }

    @Test
    void stratifiedSplitsKeepEveryClassWithinOneRowOfItsExactShare() {
        Random random = new Random(77);
        for (int round = 0; round < 300; round++) {
            int rows = 1 + random.nextInt(400);
            Table table = Table.of(classes(random, rows, 1 + random.nextInt(8)));
            double train = 0.5 + random.nextInt(40) / 100.0;
            double validation = random.nextBoolean() ? 0 : (1 - train) / 2;
            SplitSpec spec = SplitSpec.stratified(train, validation, 1 - train - validation, random.nextLong(), "y");
            SplitResult result = splitter.split(table, spec);

            Map<String, int[]> actual = new HashMap<>();
            int[][] parts = {result.train(), result.validation(), result.test()};
            for (int split = 0; split < 3; split++) {
                for (int row : parts[split]) {
                    actual.computeIfAbsent((String) table.column("y").get(row), k -> new int[3])[split]++;
                }
            }
            assertThat(result.summary().classes().keySet()).containsExactlyInAnyOrderElementsOf(actual.keySet());
            for (Map.Entry<String, SplitCounts> entry : result.summary().classes().entrySet()) {
                int[] counts = actual.get(entry.getKey());
                assertThat(new SplitCounts(counts[0], counts[1], counts[2])).isEqualTo(entry.getValue());
                assertWithinOneRow(entry.getValue(), entry.getValue().total(), spec);
            }
        }
    }

    @Test
    void classesTooSmallForEverySplitAreReported() {
        String[] y = new String[23];
        Arrays.fill(y, "common");
        y[20] = "rare";
        y[21] = "scarce";
        y[22] = "scarce";
        SplitResult result = splitter.split(Table.of(CategoricalColumn.of("y", y)),
                SplitSpec.stratified(0.7, 0.15, 0.15, 1, "y"));

        SplitSummary summary = result.summary();
        assertThat(summary.classes()).containsExactly(
                Map.entry("common", new SplitCounts(14, 3, 3)),
                Map.entry("rare", new SplitCounts(1, 0, 0)),
                Map.entry("scarce", new SplitCounts(2, 0, 0)));
        assertThat(summary.smallClasses()).containsExactly("rare", "scarce");
        assertThat(summary.notes()).contains("class 'rare' has 1 row, too few to appear in every split (train 1,"
                + " validation 0, test 0)");
    }

    @Test
    void timeSplitsPutTheOldestRowsInTrainAndKeepTiesTogether() {
        // sorted, the times are 0 1 2 3 6 6 6 7 8 9
        Table table = Table.of(NumericColumn.of("t", 9, 6, 0, 3, 6, 1, 2, 6, 8, 7));

        SplitResult result = splitter.split(table, SplitSpec.time(0.6, 0.2, 0.2, "t"));

        // exact shares are 6, 2, 2; a cut after 6 rows would split the three 6s, so it moves to the nearer end of
        // the group, after the 7th row
        assertThat(values(table, result.train())).containsExactlyInAnyOrder(0.0, 1.0, 2.0, 3.0, 6.0, 6.0, 6.0);
        assertThat(values(table, result.validation())).containsExactly(7.0);
        assertThat(values(table, result.test())).containsExactlyInAnyOrder(8.0, 9.0);
        assertThat(result.summary().counts()).isEqualTo(new SplitCounts(7, 1, 2));
        assertThat(result.summary().notes()).containsExactly(
                "rows with equal 't' were kept in one split, so the counts are train 7, validation 1, test 2 instead"
                        + " of train 6, validation 2, test 2",
                "train: 't' from 0 to 6",
                "validation: 't' from 7 to 7",
                "test: 't' from 8 to 9");
    }

    @Test
    void aSplitCanBeEmptyWhenOneTimeDominatesAndTheNotesSaySo() {
        Table table = Table.of(NumericColumn.of("t", 1, 1, 1, 1, 1, 1, 1, 1, 1, 2));

        SplitResult result = splitter.split(table, SplitSpec.time(0.6, 0.2, 0.2, "t"));

        assertThat(result.summary().counts()).isEqualTo(new SplitCounts(9, 0, 1));
        assertThat(result.summary().notes()).contains("validation is empty: too few distinct values of 't'");
    }

    @Test
    void timeSplitsOrderTimestampsOldestFirst() {
        long[] millis = IntStream.range(0, 10).mapToLong(i -> 1_700_000_000_000L - i * 86_400_000L).toArray();
        Table table = Table.of(new TimestampColumn("at", millis, null));

        SplitResult result = splitter.split(table, SplitSpec.time(0.8, 0, 0.2, "at"));

        assertThat(result.test()).containsExactly(0, 1);
        assertThat(result.train()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(result.summary().notes()).contains("test: 'at' from 2023-11-13T22:13:20Z to 2023-11-14T22:13:20Z");
    }

    @Test
    void roundingGivesLeftoverRowsToTheLargestRemainders() {
        assertThat(Splitter.allocate(10, new double[] {0.7, 0.15, 0.15})).containsExactly(7, 2, 1);
        assertThat(Splitter.allocate(3, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0})).containsExactly(1, 1, 1);
        assertThat(Splitter.allocate(1, new double[] {0.7, 0.15, 0.15})).containsExactly(1, 0, 0);
        assertThat(Splitter.allocate(7, new double[] {0.8, 0, 0.2})).containsExactly(6, 0, 1);
        assertThat(Splitter.allocate(0, new double[] {0.8, 0.1, 0.1})).containsExactly(0, 0, 0);
    }

    @Test
    void refusesBadSpecsAndColumns() {
        assertThatThrownBy(() -> SplitSpec.random(0.7, 0.2, 0.2, 1))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("they must sum to 1");
        assertThatThrownBy(() -> SplitSpec.random(0, 0.5, 0.5, 1)).hasMessageContaining("train fraction is 0.0");
        assertThatThrownBy(() -> SplitSpec.random(0.9, -0.1, 0.2, 1)).hasMessageContaining("validation fraction");
        assertThatThrownBy(() -> new SplitSpec(SplitMethod.RANDOM, 0.8, 0, 0.2, 1, "y"))
                .hasMessageContaining("A random split takes no column");
        assertThatThrownBy(() -> SplitSpec.stratified(0.8, 0, 0.2, 1, " "))
                .hasMessageContaining("A stratified split needs a column");
        assertThatThrownBy(() -> SplitMethod.parse("kfold")).hasMessageContaining("use random, stratified or time");

        Table table = Table.of(CategoricalColumn.of("y", "a", null, "b"), TextColumn.of("when", "x", "y", "z"),
                new NumericColumn("t", new double[] {1, 2, 3}, bitSet(1)));
        assertThatThrownBy(() -> splitter.split(table, SplitSpec.stratified(0.8, 0, 0.2, 1, "y")))
                .hasMessage("Target column 'y' has 1 missing values, and a stratified split needs a class for every"
                        + " row: filter them out (y is not null) or fill them first.");
        assertThatThrownBy(() -> splitter.split(table, SplitSpec.time(0.8, 0, 0.2, "when")))
                .hasMessageContaining("a time split orders rows by a timestamp or numeric column");
        assertThatThrownBy(() -> splitter.split(table, SplitSpec.time(0.8, 0, 0.2, "t")))
                .hasMessageContaining("has 1 missing values, and a time split needs a time for every row");
        assertThatThrownBy(() -> splitter.split(table, SplitSpec.time(0.8, 0, 0.2, "date")))
                .hasMessageContaining("There is no column 'date' to split by; the columns are [y, when, t]");
    }

    private static void assertWithinOneRow(SplitCounts counts, int rows, SplitSpec spec) {
        double[] exact = {rows * spec.train(), rows * spec.validation(), rows * spec.test()};
        int[] actual = {counts.train(), counts.validation(), counts.test()};
        for (int i = 0; i < 3; i++) {
            assertThat(Math.abs(actual[i] - exact[i])).as("split %d of %s for %d rows", i, counts, rows)
                    .isLessThan(1.0 + 1e-9);
        }
    }

    private static void assertTiesNeverStraddle(Column time, SplitResult result) {
        int[][] parts = {result.train(), result.validation(), result.test()};
        double previousMax = Double.NEGATIVE_INFINITY;
        for (int[] part : parts) {
            if (part.length == 0) {
                continue;
            }
            double min = Arrays.stream(part).mapToDouble(row -> ((NumericColumn) time).getDouble(row)).min().orElseThrow();
            double max = Arrays.stream(part).mapToDouble(row -> ((NumericColumn) time).getDouble(row)).max().orElseThrow();
            assertThat(min).isGreaterThan(previousMax);
            previousMax = max;
        }
    }

    private static SplitSpec randomSpec(Random random) {
        double train = 0.4 + random.nextInt(50) / 100.0;
        double validation = random.nextBoolean() ? 0 : random.nextInt((int) Math.round((1 - train) * 100)) / 100.0;
        double test = 1 - train - validation;
        return switch (random.nextInt(3)) {
            case 0 -> SplitSpec.random(train, validation, test, random.nextLong());
            case 1 -> SplitSpec.stratified(train, validation, test, random.nextLong(), "y");
            default -> SplitSpec.time(train, validation, test, "t");
        };
    }

    private static CategoricalColumn classes(Random random, int rows, int classes) {
        String[] values = new String[rows];
        for (int i = 0; i < rows; i++) {
            // skewed, so some classes are rare
            values[i] = "c" + (int) Math.floor(classes * Math.pow(random.nextDouble(), 2));
        }
        return CategoricalColumn.of("y", values);
    }

    private static NumericColumn times(Random random, int rows) {
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = random.nextInt(Math.max(1, rows / 3));
        }
        return NumericColumn.of("t", values);
    }

    private static double[] values(Table table, int[] rows) {
        return Arrays.stream(rows).mapToDouble(row -> ((NumericColumn) table.column("t")).getDouble(row)).toArray();
    }

    @Test
    void hashSplitsKeepEveryRowsSplitWhenRowsAreAddedAndPutEqualRowsTogether() {
        Random random = new Random(7);
        int n = 4000;
        double[] x = new double[n];
        String[] name = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(100_000) / 10.0;
            name[i] = "p" + random.nextInt(1_000_000);
        }
        SplitSpec spec = SplitSpec.hash(0.7, 0.1, 0.2, 42, null);
        SplitResult first = splitter.split(Table.of(NumericColumn.of("x", x), TextColumn.of("name", name)), spec);
        // counts near the shares
        assertThat(first.train().length).isBetween(2700, 2900);
        assertThat(first.test().length).isBetween(720, 880);
        assertThat(first.train().length + first.validation().length + first.test().length).isEqualTo(n);

        // the same rows with 1000 more (two of them copies of rows 0 and 1): the old rows keep their splits
        double[] x2 = Arrays.copyOf(x, n + 1000);
        String[] name2 = Arrays.copyOf(name, n + 1000);
        for (int i = n; i < n + 1000; i++) {
            x2[i] = random.nextInt(100_000) / 10.0;
            name2[i] = "q" + random.nextInt(1_000_000);
        }
        x2[n] = x[0];
        name2[n] = name[0];
        x2[n + 1] = x[1];
        name2[n + 1] = name[1];
        SplitResult second = splitter.split(Table.of(NumericColumn.of("x", x2), TextColumn.of("name", name2)), spec);
        int[] before = assignment(first, n);
        int[] after = assignment(second, n + 1000);
        for (int i = 0; i < n; i++) {
            assertThat(after[i]).as("row %d", i).isEqualTo(before[i]);
        }
        assertThat(after[n]).isEqualTo(before[0]);
        assertThat(after[n + 1]).isEqualTo(before[1]);

        // the seed and the key change the assignment; a key column hashes that column alone
        assertThat(assignment(splitter.split(Table.of(NumericColumn.of("x", x), TextColumn.of("name", name)),
                SplitSpec.hash(0.7, 0.1, 0.2, 43, null)), n)).isNotEqualTo(before);
        SplitResult byName = splitter.split(Table.of(NumericColumn.of("x", x), TextColumn.of("name", name)),
                SplitSpec.hash(0.7, 0.1, 0.2, 42, "name"));
        SplitResult byNameOnly = splitter.split(Table.of(TextColumn.of("name", name)),
                SplitSpec.hash(0.7, 0.1, 0.2, 42, "name"));
        assertThat(assignment(byName, n)).isEqualTo(assignment(byNameOnly, n));
        assertThat(byName.summary().method()).isEqualTo(SplitMethod.HASH);
    }

    private static int[] assignment(SplitResult result, int rows) {
        int[] out = new int[rows];
        Arrays.fill(out, -1);
        for (int r : result.train()) {
            out[r] = 0;
        }
        for (int r : result.validation()) {
            out[r] = 1;
        }
        for (int r : result.test()) {
            out[r] = 2;
        }
        return out;
    }

    private static BitSet bitSet(int... set) {
        BitSet bits = new BitSet();
        Arrays.stream(set).forEach(bits::set);
        return bits;
    }
}
