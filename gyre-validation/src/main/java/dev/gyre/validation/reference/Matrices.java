package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;
import java.util.List;

/** Checks of the matrices and rows the detectors take. */
final class Matrices {
    private Matrices() {
    }

    static void checkReference(double[][] rows, List<String> featureNames) {
        if (rows == null || rows.length < 2) {
            throw new GyreException.InvalidArgument("An outlier detector needs at least 2 reference rows; got "
                    + (rows == null ? 0 : rows.length) + ".");
        }
        if (featureNames == null || featureNames.isEmpty()) {
            throw new GyreException.InvalidArgument("An outlier detector needs at least one feature.");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != featureNames.size()) {
                throw new GyreException.InvalidArgument("Reference row " + i + " has "
                        + (rows[i] == null ? 0 : rows[i].length) + " values; the detector has "
                        + featureNames.size() + " features.");
            }
            for (int j = 0; j < rows[i].length; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new GyreException.InvalidArgument("Reference row " + i + " has the non-finite value "
                            + rows[i][j] + " for feature '" + featureNames.get(j) + "'.");
                }
            }
        }
    }

    static void checkRow(double[] row, int width) {
        if (row == null || row.length != width) {
            throw new GyreException.InvalidArgument("A row to score has " + (row == null ? 0 : row.length)
                    + " values; the detector has " + width + " features.");
        }
        for (int j = 0; j < width; j++) {
            if (!Double.isFinite(row[j])) {
                throw new GyreException.InvalidArgument("A row to score has the non-finite value " + row[j]
                        + " at feature " + j + ".");
            }
        }
    }
}
