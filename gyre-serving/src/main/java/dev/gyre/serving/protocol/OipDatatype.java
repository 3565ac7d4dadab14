package dev.gyre.serving.protocol;

import static dev.gyre.serving.protocol.JsonInput.describe;
import static dev.gyre.serving.protocol.JsonInput.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * The Open Inference Protocol tensor datatypes and how a JSON element of each becomes a record value: BOOL to
 * Boolean, BYTES to String, integer types to Long (range-checked), float types to Double (range-checked). JSON
 * {@code null} is accepted in every datatype as a missing value (an extension of the protocol for tabular data).
 */
enum OipDatatype {
    BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES;

    static OipDatatype parse(JsonNode node, String where) {
        if (node != null && node.isTextual()) {
            for (OipDatatype t : values()) {
                if (t.name().equals(node.textValue())) {
                    return t;
                }
            }
        }
        throw invalid(where + " must be one of " + Arrays.toString(values()) + ", not "
                + (node != null && node.isTextual() ? "'" + JsonInput.clip(node.textValue()) + "'" : describe(node))
                + ".");
    }

    /** Converts one tensor element, refusing a value the datatype cannot hold. */
    Object value(JsonNode e, String where) {
        if (e.isNull()) {
            return null;
        }
        switch (this) {
            case BOOL:
                if (e.isBoolean()) {
                    return e.booleanValue();
                }
                break;
            case BYTES:
                if (e.isTextual()) {
                    return e.textValue();
                }
                break;
            case FP16:
            case FP32:
            case BF16:
            case FP64:
                if (e.isNumber()) {
                    double v = JsonInput.finite(e.doubleValue(), where);
                    double max = this == FP16 ? 65504.0 : this == FP64 ? Double.MAX_VALUE : Float.MAX_VALUE;
                    if (Math.abs(v) > max) {
                        throw invalid(where + " is " + v + ", outside the range of " + name() + "; use FP64.");
                    }
                    return v;
                }
                break;
            default:
                if (e.isIntegralNumber()) {
                    if (!e.canConvertToLong()) {
                        throw invalid(where + " is outside the range of a 64-bit integer; values above "
                                + Long.MAX_VALUE + " are not supported.");
                    }
                    long v = e.longValue();
                    if (v < min() || v > max()) {
                        throw invalid(where + " is " + v + ", outside the range of " + name() + " [" + min() + ", "
                                + max() + "].");
                    }
                    return v;
                }
                break;
        }
        throw invalid(where + " is " + describe(e) + (e.isValueNode() ? " (" + JsonInput.clip(e.asText()) + ")" : "")
                + " but the tensor's datatype is " + name() + "; send " + expected() + " or change the datatype.");
    }

    private String expected() {
        return switch (this) {
            case BOOL -> "true or false";
            case BYTES -> "strings";
            case FP16, FP32, FP64, BF16 -> "numbers";
            default -> "whole numbers";
        };
    }

    private long min() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    private long max() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case UINT8 -> 255;
            case UINT16 -> 65_535;
            case UINT32 -> 4_294_967_295L;
            default -> Long.MAX_VALUE;
        };
    }
}
