package dev.gyre.training.job;

import dev.gyre.core.table.Table;
import java.nio.file.Path;

/** Reads the example Titanic passengers for tests: quoted fields allowed, an empty field is missing. */
final class TitanicCsv {

    static final Path FILE = Path.of("..", "examples", "titanic", "titanic.csv");

    private TitanicCsv() {
    }

    static Table passengers() {
        return dev.gyre.core.testing.TitanicCsv.read(FILE);
    }

    /** The fixed 80/20 rule: every fifth passenger (by row, from the fifth) is in the test split. */
    static Table train(Table all) {
        return dev.gyre.core.testing.TitanicCsv.train(all);
    }

    static Table test(Table all) {
        return dev.gyre.core.testing.TitanicCsv.test(all);
    }
}
