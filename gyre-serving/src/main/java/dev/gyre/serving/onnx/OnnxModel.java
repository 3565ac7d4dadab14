package dev.gyre.serving.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.gyre.core.GyreException;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model in the ONNX format, predicted by ONNX Runtime (CPU). It plays the part of any other
 * {@link TrainedModel}: a model package carries it in {@code model.gyrm} and {@code GyreModel} serves it.
 *
 * <p>Envelope payload {@value #FORMAT}: a 4-byte big-endian length {@code m}, {@code m} bytes of the
 * {@link OnnxMapping} as JSON, then the ONNX model's bytes (a protobuf {@code ModelProto}, parsed by ONNX
 * Runtime; no Java serialisation). The header's algorithm is {@value #ALGORITHM}; its feature names are the input
 * tensor's columns in order and its classes the probability output's columns in order.
 *
 * <p>The graph is loaded into one ONNX Runtime session when the model is made or read, and checked against the
 * mapping there: the bytes must be a self-contained protobuf (no tensor data in external files, which ONNX Runtime
 * would read from paths named inside the model); the input must exist, be the graph's only input, have rank 2, the mapping's element type and
 * the feature count as its second dimension (or a free one); the named outputs must exist with the ranks and
 * widths above, and a probe row of zeros must run and give them. The session is shared by all threads
 * (ONNX Runtime allows concurrent runs) and released when the model is no longer reachable. Each session runs a
 * batch on one intra-op thread: the serving threads give the parallelism.
 */
public final class OnnxModel implements TrainedModel {
    /** The envelope payload format. */
    public static final String FORMAT = "onnx/1";
    /** The algorithm name of every ONNX model. */
    public static final String ALGORITHM = "onnx";
    /** The largest ONNX model accepted, in bytes. */
    public static final int MAX_MODEL_BYTES = 256 * 1024 * 1024;
    private static final int MAX_MAPPING_BYTES = 64 * 1024;
    private static final int MAX_FEATURES = 100_000;
    private static final int MAX_CLASSES = 100_000;
    private static final Cleaner CLEANER = Cleaner.create();

    static {
        OnnxModels.register();
    }

    private final ModelHeader header;
    private final OnnxMapping mapping;
    private final byte[] onnx;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean batches;
    private final Set<String> outputs;

    private OnnxModel(ModelHeader header, OnnxMapping mapping, byte[] onnx) {
        this.header = header;
        this.mapping = mapping;
        this.onnx = onnx;
        this.env = OrtEnvironment.getEnvironment();
        OrtSession opened;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            opened = env.createSession(onnx, options);
        } catch (OrtException e) {
            throw OnnxMapping.invalid("ONNX Runtime cannot load it (" + e.getMessage() + "); export the model again "
                    + "with an opset ONNX Runtime supports");
        }
        this.session = opened;
        CLEANER.register(this, new Closer(opened));
        try {
            this.batches = checkInput();
            Set<String> wanted = new LinkedHashSet<>();
            if (mapping.probabilities() != null) {
                wanted.add(mapping.probabilities());
            } else if (mapping.label() != null) {
                wanted.add(mapping.label());
            }
            if (mapping.value() != null) {
                wanted.add(mapping.value());
            }
            this.outputs = Set.copyOf(wanted);
            checkOutputs();
            probe();
        } catch (RuntimeException e) {
            close(opened);
            throw e;
        }
    }

    /**
     * An ONNX model of the given graph bytes.
     *
     * @param onnx         the serialised ONNX {@code ModelProto}
     * @param mapping      which tensors are the input and the outputs
     * @param task         classification or regression
     * @param featureNames the input tensor's columns, in order
     * @param classes      the classes in the order of the probability output's columns (and of a label output's
     *                     indices); empty for regression
     * @throws GyreException.InvalidArgument when the bytes are not an ONNX model ONNX Runtime can load, or the
     *                                       graph does not fit the mapping, naming the problem
     */
    public static OnnxModel of(byte[] onnx, OnnxMapping mapping, LearningTask task, List<String> featureNames,
                               List<String> classes) {
        if (task == null || featureNames == null || classes == null || mapping == null) {
            throw OnnxMapping.invalid("the bytes, mapping, task, feature names and classes are all required");
        }
        return make(new ModelHeader(FORMAT, ALGORITHM, task, Map.of(), 0L, featureNames, classes), mapping, onnx);
    }

    private static OnnxModel make(ModelHeader header, OnnxMapping mapping, byte[] onnx) {
        checkBytes(onnx);
        mapping.check(header.task());
        int width = header.featureNames().size();
        if (width == 0 || width > MAX_FEATURES) {
            throw OnnxMapping.invalid("it has " + width + " features; give between 1 and " + MAX_FEATURES
                    + " feature names, one per input column");
        }
        if (new HashSet<>(header.featureNames()).size() != width) {
            throw OnnxMapping.invalid("its feature names " + header.featureNames() + " repeat a name; give each "
                    + "input column its own name");
        }
        int classes = header.classes().size();
        if (header.task() == LearningTask.CLASSIFICATION && (classes < 2 || classes > MAX_CLASSES)) {
            throw OnnxMapping.invalid("a classifier needs between 2 and " + MAX_CLASSES + " classes, in the order of "
                    + "its probability output's columns; " + classes + " were given");
        }
        if (header.task() == LearningTask.REGRESSION && classes != 0) {
            throw OnnxMapping.invalid("a regressor has no classes; give an empty class list");
        }
        if (new HashSet<>(header.classes()).size() != classes) {
            throw OnnxMapping.invalid("its classes " + header.classes() + " repeat a class");
        }
        return new OnnxModel(header, mapping, onnx.clone());
    }

    private static void checkBytes(byte[] onnx) {
        if (onnx == null || onnx.length == 0) {
            throw OnnxMapping.invalid("no model bytes were given; give the bytes of an .onnx file");
        }
        if (onnx.length > MAX_MODEL_BYTES) {
            throw new GyreException.TooLarge("The ONNX model has " + onnx.length + " bytes, more than the "
                    + MAX_MODEL_BYTES + " Gyre serves; make the model smaller (e.g. quantise it).");
        }
        // Every ONNX exporter writes ModelProto field 1 (ir_version, a varint) first.
        if (onnx[0] != 0x08) {
            throw OnnxMapping.invalid("these bytes are not an ONNX model (a ModelProto starts with its IR version); "
                    + "give the bytes of an .onnx file");
        }
        boolean external;
        try {
            external = ExternalData.uses(onnx);
        } catch (IllegalArgumentException e) {
            throw OnnxMapping.invalid("these bytes are not a well-formed ONNX model (" + e.getMessage() + "); give "
                    + "the bytes of an .onnx file");
        }
        if (external) {
            throw OnnxMapping.invalid("it keeps tensor data in external files, which a model package cannot carry; "
                    + "save the model with its data inside the .onnx file (e.g. onnx.save_model(model, path, "
                    + "save_as_external_data=False))");
        }
    }

    /** Reads the {@value #FORMAT} payload of an envelope. */
    static OnnxModel read(ModelHeader header, byte[] payload) {
        if (!ALGORITHM.equals(header.algorithm())) {
            throw OnnxMapping.invalid("its envelope names the algorithm '" + header.algorithm() + "' for format "
                    + FORMAT);
        }
        if (payload.length < 4) {
            throw OnnxMapping.invalid("its payload is truncated; package the model again");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        int m = in.getInt();
        if (m < 0 || m > MAX_MAPPING_BYTES || m > payload.length - 4) {
            throw OnnxMapping.invalid("its payload's mapping length " + m + " is out of bounds; package the model "
                    + "again");
        }
        byte[] json = new byte[m];
        in.get(json);
        byte[] onnx = new byte[in.remaining()];
        in.get(onnx);
        return make(header, OnnxMapping.fromJson(json), onnx);
    }

    /** Checks the input; true when it takes batches of any size. */
    private boolean checkInput() {
        Map<String, NodeInfo> inputs;
        try {
            inputs = session.getInputInfo();
        } catch (OrtException e) {
            throw OnnxMapping.invalid("ONNX Runtime cannot describe its inputs (" + e.getMessage() + ")");
        }
        NodeInfo node = inputs.get(mapping.input());
        if (node == null) {
            throw OnnxMapping.invalid("it has no input named '" + mapping.input() + "'; its inputs are "
                    + inputs.keySet() + ": name one of them");
        }
        if (inputs.size() != 1) {
            throw OnnxMapping.invalid("it has " + inputs.size() + " inputs " + inputs.keySet() + "; Gyre feeds one "
                    + "input of shape [n, features]: export the model with a single input");
        }
        TensorInfo info = tensor(node, "input");
        long[] shape = info.getShape();
        if (shape.length != 2) {
            throw OnnxMapping.invalid("its input '" + mapping.input() + "' has rank " + shape.length + " (shape "
                    + java.util.Arrays.toString(shape) + "); Gyre feeds a rank-2 tensor [n, features]");
        }
        int width = header.featureNames().size();
        if (shape[1] >= 0 && shape[1] != width) {
            throw OnnxMapping.invalid("its input '" + mapping.input() + "' has " + shape[1] + " columns but "
                    + width + " feature names were given " + header.featureNames() + "; give one name per column");
        }
        OnnxJavaType expected = mapping.inputType() == OnnxMapping.ElementType.FLOAT ? OnnxJavaType.FLOAT
                : OnnxJavaType.DOUBLE;
        if (info.type != expected) {
            throw OnnxMapping.invalid("its input '" + mapping.input() + "' holds " + info.type + " values, not "
                    + expected + "; set the mapping's input type to match the model");
        }
        if (shape[0] >= 0 && shape[0] != 1) {
            throw OnnxMapping.invalid("its input '" + mapping.input() + "' has a fixed batch size of " + shape[0]
                    + "; export it with a free (dynamic) or unit first dimension");
        }
        return shape[0] < 0;
    }

    private void checkOutputs() {
        Map<String, NodeInfo> infos;
        try {
            infos = session.getOutputInfo();
        } catch (OrtException e) {
            throw OnnxMapping.invalid("ONNX Runtime cannot describe its outputs (" + e.getMessage() + ")");
        }
        for (String name : new String[] {mapping.probabilities(), mapping.label(), mapping.value()}) {
            if (name != null && !infos.containsKey(name)) {
                throw OnnxMapping.invalid("it has no output named '" + name + "'; its outputs are " + infos.keySet()
                        + ": name one of them");
            }
        }
        if (mapping.probabilities() != null) {
            TensorInfo info = tensor(infos.get(mapping.probabilities()), "output");
            long[] shape = info.getShape();
            if (shape.length != 2) {
                throw OnnxMapping.invalid("its probability output '" + mapping.probabilities() + "' has rank "
                        + shape.length + "; it must be [n, classes]");
            }
            if (shape[1] >= 0 && shape[1] != header.classes().size()) {
                throw classCount(shape[1]);
            }
            numeric(info, mapping.probabilities());
        }
        if (mapping.label() != null) {
            TensorInfo info = tensor(infos.get(mapping.label()), "output");
            vector(info, mapping.label(), "label");
            if (info.type != OnnxJavaType.INT64 && info.type != OnnxJavaType.INT32 && info.type != OnnxJavaType.STRING) {
                throw OnnxMapping.invalid("its label output '" + mapping.label() + "' holds " + info.type
                        + "; a label output holds class indices (integers) or class names (strings)");
            }
        }
        if (mapping.value() != null) {
            TensorInfo info = tensor(infos.get(mapping.value()), "output");
            vector(info, mapping.value(), "value");
            numeric(info, mapping.value());
        }
    }

    private GyreException.InvalidArgument classCount(long columns) {
        return OnnxMapping.invalid("its probability output '" + mapping.probabilities() + "' has " + columns
                + " columns but " + header.classes().size() + " classes were given " + header.classes()
                + "; give the classes in the order of the output's columns");
    }

    private static void vector(TensorInfo info, String name, String role) {
        long[] shape = info.getShape();
        if (shape.length != 1 && !(shape.length == 2 && (shape[1] == 1 || shape[1] < 0))) {
            throw OnnxMapping.invalid("its " + role + " output '" + name + "' has shape "
                    + java.util.Arrays.toString(shape) + "; it must be [n] or [n, 1]");
        }
    }

    private static void numeric(TensorInfo info, String name) {
        if (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.DOUBLE) {
            throw OnnxMapping.invalid("its output '" + name + "' holds " + info.type + "; it must hold float or "
                    + "double values");
        }
    }

    private static TensorInfo tensor(NodeInfo node, String what) {
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor)) {
            throw OnnxMapping.invalid("its " + what + " '" + node.getName() + "' is not a tensor (it is " + info
                    + "); Gyre reads tensors only (for a scikit-learn classifier export without ZipMap)");
        }
        return tensor;
    }

    /** Runs a probe row so that a graph that cannot run fails now rather than on the first request. */
    private void probe() {
        double[][] rows = {new double[header.featureNames().size()]};
        double[][] out = run(rows);
        int expected = header.task() == LearningTask.CLASSIFICATION ? header.classes().size() : 1;
        if (out.length != 1 || out[0].length != expected) {
            throw OnnxMapping.invalid("a probe row gave " + (out.length == 0 ? 0 : out[0].length) + " outputs, not "
                    + expected);
        }
    }

    /** The input/output mapping. */
    public OnnxMapping mapping() {
        return mapping;
    }

    /** True when the graph takes batches of any size in one run (a free first input dimension). */
    public boolean batches() {
        return batches;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public Map<String, Object> params() {
        return header.params();
    }

    @Override
    public long seed() {
        return header.seed();
    }

    @Override
    public LearningTask task() {
        return header.task();
    }

    @Override
    public List<String> featureNames() {
        return header.featureNames();
    }

    @Override
    public List<String> classes() {
        return header.classes();
    }

    @Override
    public double[] predict(double[] row) {
        checkRow(row);
        return run(new double[][] {row})[0];
    }

    @Override
    public double[][] predictBatch(double[][] rows) {
        for (double[] row : rows) {
            checkRow(row);
        }
        if (rows.length == 0) {
            return new double[0][];
        }
        if (batches) {
            return run(rows);
        }
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = run(new double[][] {rows[i]})[0];
        }
        return out;
    }

    private double[][] run(double[][] rows) {
        int n = rows.length;
        int d = header.featureNames().size();
        long[] shape = {n, d};
        try (OnnxTensor tensor = inputTensor(rows, shape);
             OrtSession.Result result = session.run(Map.of(mapping.input(), tensor), outputs)) {
            if (mapping.value() != null) {
                double[] v = numbers(result, mapping.value(), n, 1);
                double[][] out = new double[n][];
                for (int i = 0; i < n; i++) {
                    out[i] = new double[] {v[i]};
                }
                return out;
            }
            int k = header.classes().size();
            double[][] out = new double[n][k];
            if (mapping.probabilities() != null) {
                double[] p = numbers(result, mapping.probabilities(), n, k);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(p, i * k, out[i], 0, k);
                    if (mapping.scores() == OnnxMapping.Scores.LOGITS) {
                        softmax(out[i]);
                    }
                }
                return out;
            }
            int[] labels = labels(result, n);
            for (int i = 0; i < n; i++) {
                out[i][labels[i]] = 1.0;
            }
            return out;
        } catch (OrtException e) {
            throw new GyreException.Internal("ONNX Runtime failed to predict with the model", e);
        }
    }

    private OnnxTensor inputTensor(double[][] rows, long[] shape) throws OrtException {
        int d = (int) shape[1];
        if (mapping.inputType() == OnnxMapping.ElementType.FLOAT) {
            FloatBuffer buffer = ByteBuffer.allocateDirect(rows.length * d * Float.BYTES)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            for (double[] row : rows) {
                for (double v : row) {
                    buffer.put((float) v);
                }
            }
            buffer.rewind();
            return OnnxTensor.createTensor(env, buffer, shape);
        }
        DoubleBuffer buffer = ByteBuffer.allocateDirect(rows.length * d * Double.BYTES)
                .order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
        for (double[] row : rows) {
            buffer.put(row);
        }
        buffer.rewind();
        return OnnxTensor.createTensor(env, buffer, shape);
    }

    /** The values of a float or double output as n × width numbers, row-major, checking the shape. */
    private double[] numbers(OrtSession.Result result, String name, int n, int width) {
        OnnxTensor tensor = output(result, name);
        long[] shape = tensor.getInfo().getShape();
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        if (shape.length == 0 || shape[0] != n || count != (long) n * width) {
            if (name.equals(mapping.probabilities()) && shape.length == 2 && shape[0] == n) {
                throw classCount(shape[1]);
            }
            throw OnnxMapping.invalid("its output '" + name + "' has shape " + java.util.Arrays.toString(shape)
                    + " for " + n + " rows; expected [" + n + (width == 1 ? "] or [" + n + ", 1]" : ", " + width + "]"));
        }
        double[] out = new double[(int) count];
        if (tensor.getInfo().type == OnnxJavaType.FLOAT) {
            FloatBuffer b = tensor.getFloatBuffer();
            for (int i = 0; i < out.length; i++) {
                out[i] = b.get(i);
            }
        } else {
            DoubleBuffer b = tensor.getDoubleBuffer();
            b.get(out);
        }
        return out;
    }

    private int[] labels(OrtSession.Result result, int n) throws OrtException {
        OnnxTensor tensor = output(result, mapping.label());
        List<String> classes = header.classes();
        int[] out = new int[n];
        if (tensor.getInfo().type == OnnxJavaType.STRING) {
            Object value = tensor.getValue();
            String[] names = value instanceof String[][] nested ? flatten(nested) : (String[]) value;
            checkCount(names.length, n);
            for (int i = 0; i < n; i++) {
                out[i] = classes.indexOf(names[i]);
                if (out[i] < 0) {
                    throw OnnxMapping.invalid("its label output gave the class '" + names[i] + "', which is not among "
                            + "the classes " + classes + "; give the classes the model predicts");
                }
            }
            return out;
        }
        long[] indices;
        if (tensor.getInfo().type == OnnxJavaType.INT32) {
            IntBuffer b = tensor.getIntBuffer();
            indices = new long[b.remaining()];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = b.get(i);
            }
        } else {
            LongBuffer b = tensor.getLongBuffer();
            indices = new long[b.remaining()];
            b.get(indices);
        }
        checkCount(indices.length, n);
        for (int i = 0; i < n; i++) {
            if (indices[i] < 0 || indices[i] >= classes.size()) {
                throw OnnxMapping.invalid("its label output gave the class index " + indices[i] + " but "
                        + classes.size() + " classes were given " + classes + "; give every class the model predicts");
            }
            out[i] = (int) indices[i];
        }
        return out;
    }

    private void checkCount(int count, int n) {
        if (count != n) {
            throw OnnxMapping.invalid("its label output gave " + count + " labels for " + n + " rows");
        }
    }

    private static String[] flatten(String[][] nested) {
        List<String> out = new ArrayList<>();
        for (String[] row : nested) {
            out.addAll(List.of(row));
        }
        return out.toArray(String[]::new);
    }

    private static OnnxTensor output(OrtSession.Result result, String name) {
        OnnxValue value = result.get(name).orElseThrow(() -> OnnxMapping.invalid("it gave no output '" + name + "'"));
        if (!(value instanceof OnnxTensor tensor)) {
            throw OnnxMapping.invalid("its output '" + name + "' is not a tensor");
        }
        return tensor;
    }

    private static void softmax(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] = Math.exp(v[k] - max);
            sum += v[k];
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= sum;
        }
    }

    private void checkRow(double[] row) {
        int width = header.featureNames().size();
        if (row == null || row.length != width) {
            throw new GyreException.InvalidArgument("a row for this ONNX model needs " + width + " values ("
                    + String.join(", ", header.featureNames()) + "), not " + (row == null ? 0 : row.length));
        }
        for (int j = 0; j < width; j++) {
            if (!Double.isFinite(row[j])) {
                throw new GyreException.InvalidArgument("feature '" + header.featureNames().get(j) + "' is " + row[j]
                        + "; models predict only from finite values, impute it first");
            }
        }
    }

    @Override
    public byte[] serialize() {
        byte[] json = mapping.toJson();
        ByteBuffer payload = ByteBuffer.allocate(4 + json.length + onnx.length);
        payload.putInt(json.length).put(json).put(onnx);
        return ModelReaders.envelope(header, payload.array());
    }

    @Override
    public String toString() {
        return "onnx " + task() + " model over " + featureNames().size() + " features";
    }

    private static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // Nothing left to release.
        }
    }

    /** Releases a session once its model is unreachable; holds no reference to the model. */
    private record Closer(OrtSession session) implements Runnable {
        @Override
        public void run() {
            close(session);
        }
    }
}
