package dev.gyre.serving.onnx;

/**
 * Finds tensors whose data an ONNX model keeps outside itself ({@code data_location: EXTERNAL}). ONNX Runtime would
 * read such data from files named in the model, so a packaged model, which must be self-contained and is
 * untrusted, may not have any. A minimal reader of the protobuf wire format walks the messages that can hold
 * tensors: ModelProto.graph (7); GraphProto.node (1), initializer (5), sparse_initializer (15); NodeProto.attribute
 * (5); AttributeProto.t (5), g (6), tensors (10), graphs (11), sparse_tensor (22), sparse_tensors (23);
 * SparseTensorProto.values (1), indices (2); TensorProto.external_data (13), data_location (14).
 */
final class ExternalData {
    private static final int MAX_DEPTH = 64;

    private enum Kind {
        MODEL, GRAPH, NODE, ATTRIBUTE, TENSOR, SPARSE_TENSOR
    }

    private final byte[] bytes;

    private ExternalData(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Whether the model refers to external data.
     *
     * @throws IllegalArgumentException when the bytes are not well-formed protobuf
     */
    static boolean uses(byte[] model) {
        return new ExternalData(model).walk(Kind.MODEL, 0, model.length, 0);
    }

    private boolean walk(Kind kind, int from, int to, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply");
        }
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = varint(pos, to);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> {
                    long value = varint(pos, to);
                    if (kind == Kind.TENSOR && field == 14 && value == 1) {
                        return true;
                    }
                }
                case 1 -> skip(pos, 8, to);
                case 5 -> skip(pos, 4, to);
                case 2 -> {
                    long length = varint(pos, to);
                    if (length < 0 || length > to - pos[0]) {
                        throw new IllegalArgumentException("truncated");
                    }
                    int start = pos[0];
                    int end = start + (int) length;
                    if (kind == Kind.TENSOR && field == 13) {
                        return true;
                    }
                    Kind child = child(kind, field);
                    if (child != null && walk(child, start, end, depth + 1)) {
                        return true;
                    }
                    pos[0] = end;
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + wire);
            }
        }
        if (pos[0] != to) {
            throw new IllegalArgumentException("truncated");
        }
        return false;
    }

    private static Kind child(Kind kind, int field) {
        return switch (kind) {
            case MODEL -> field == 7 ? Kind.GRAPH : null;
            case GRAPH -> switch (field) {
                case 1 -> Kind.NODE;
                case 5 -> Kind.TENSOR;
                case 15 -> Kind.SPARSE_TENSOR;
                default -> null;
            };
            case NODE -> field == 5 ? Kind.ATTRIBUTE : null;
            case ATTRIBUTE -> switch (field) {
                case 5, 10 -> Kind.TENSOR;
                case 6, 11 -> Kind.GRAPH;
                case 22, 23 -> Kind.SPARSE_TENSOR;
                default -> null;
            };
            case SPARSE_TENSOR -> field == 1 || field == 2 ? Kind.TENSOR : null;
            case TENSOR -> null;
        };
    }

    private long varint(int[] pos, int to) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= to) {
                throw new IllegalArgumentException("truncated");
            }
            byte b = bytes[pos[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private static void skip(int[] pos, int n, int to) {
        if (to - pos[0] < n) {
            throw new IllegalArgumentException("truncated");
        }
        pos[0] += n;
    }
}
