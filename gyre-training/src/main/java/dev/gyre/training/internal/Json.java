package dev.gyre.training.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.GyreException;
import dev.gyre.training.ModelHeader;
import java.io.IOException;

/** Reading the JSON payload formats strictly: every array has the expected length and finite numbers. */
final class Json {

    private Json() {
    }

    static JsonNode parse(ModelHeader header, byte[] payload, String format) {
        try {
            JsonNode node = ModelEnvelope.JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw invalid(header, format, e.getMessage());
        }
    }

    static double[] doubles(JsonNode array, int length) {
        if (array == null || !array.isArray() || array.size() != length) {
            throw new IllegalArgumentException("expected an array of " + length + " numbers");
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new IllegalArgumentException("expected a finite number");
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    static double[][] matrix(JsonNode array, int rows, int columns) {
        if (array == null || !array.isArray() || array.size() != rows) {
            throw new IllegalArgumentException("expected " + rows + " rows");
        }
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = doubles(array.get(i), columns);
        }
        return out;
    }

    static GyreException.InvalidArgument invalid(ModelHeader header, String format, String why) {
        return new GyreException.InvalidArgument("the " + header.algorithm() + " model payload is not a valid "
                + format + " payload (" + why + "); serialise the model again");
    }
}
