package dev.gyre.serving.protocol;

import static dev.gyre.serving.protocol.JsonInput.describe;
import static dev.gyre.serving.protocol.JsonInput.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Open Inference Protocol v2 REST body of {@code POST /v2/models/{name}[/versions/{v}]/infer}.
 *
 * <p>Requests: {@code {"id"?, "parameters"?, "inputs": [...], "outputs"?}}. The inputs are either
 * <ul>
 *   <li>one tensor per column: name = column, shape {@code [n]} or {@code [n, 1]}, every tensor with the same n; or
 *   <li>one tensor of shape {@code [n, k]} whose columns are named by the tensor's {@code parameters.columns},
 *       else the request's {@code parameters.columns}, else the model's column order.
 * </ul>
 * {@code data} is row-major, flat or nested to the shape; its length must equal the product of the shape and every
 * element must fit the datatype (see {@link OipDatatype}; {@code null} marks a missing value). {@code outputs} is
 * checked for form and otherwise ignored: every response carries all outputs.
 *
 * <p>Responses: {@code {"model_name", "model_version"?, "id"?, "outputs": [...]}} with, for a classifier,
 * {@code predicted_class} (BYTES {@code [n]}), and when it has probabilities {@code probabilities} (FP64
 * {@code [n, k]}) and {@code classes} (BYTES {@code [k]}, the column labels of {@code probabilities}); for
 * regression {@code prediction} (FP64 {@code [n]}). Errors: {@code {"error": "..."}}.
 *
 * <p>Thread-safe.
 */
public final class OipV2Codec {

    static final String PROTOCOL = "Open Inference Protocol";
    private static final String EXAMPLE =
            "{\"inputs\": [{\"name\": \"age\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [38.0]}]}";

    private final JsonInput json;
    private final Records records;
    private final CodecLimits limits;

    /** A codec with {@link CodecLimits#defaults()}. */
    public OipV2Codec() {
        this(CodecLimits.defaults());
    }

    /** A codec enforcing the given limits. */
    public OipV2Codec(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.json = new JsonInput(limits);
        this.records = new Records(limits);
    }

    private record Tensor(String name, long rows, long cols, boolean matrix, List<Object> values,
            List<String> columns) {
    }

    /**
     * Decodes an inference request body.
     *
     * @param body        the raw body
     * @param columnOrder the model's input columns in order, used to name the columns of a 2-D tensor; may be empty
     * @return the records, the {@code id} and the {@code parameters}
     * @throws dev.gyre.core.GyreException.InvalidArgument for any body that is not a valid request
     */
    public InferenceRequest decode(byte[] body, List<String> columnOrder) {
        JsonNode root = JsonInput.requireObject(json.parse(body, PROTOCOL), PROTOCOL, EXAMPLE);
        Optional<String> id = Optional.empty();
        JsonNode idNode = root.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()) {
                throw invalid("id must be a string, not " + describe(idNode) + ".");
            }
            id = Optional.of(idNode.textValue());
        }
        Map<String, Object> parameters = records.parameters(root.get("parameters"), "parameters", true);
        checkOutputs(root.get("outputs"));
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw invalid("inputs must be a non-empty array of tensors such as " + EXAMPLE + "; it is "
                    + (inputs != null && inputs.isArray() ? "empty" : describe(inputs)) + ".");
        }
        records.checkColumnCount(inputs.size(), "inputs");
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            tensors.add(tensor(inputs.get(i), "inputs[" + i + "]"));
        }
        List<Map<String, Object>> rows = tensors.stream().anyMatch(Tensor::matrix)
                ? fromMatrix(tensors, parameters, columnOrder) : fromColumns(tensors);
        return new InferenceRequest(rows, id, parameters);
    }

    private void checkOutputs(JsonNode outputs) {
        if (outputs == null || outputs.isNull()) {
            return;
        }
        if (!outputs.isArray()) {
            throw invalid("outputs must be an array of {\"name\": ...} objects, not " + describe(outputs) + ".");
        }
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode o = outputs.get(i);
            if (!o.isObject() || !o.path("name").isTextual()) {
                throw invalid("outputs[" + i + "] must be an object with a string name, such as "
                        + "{\"name\": \"prediction\"}.");
            }
        }
    }

    private Tensor tensor(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where + " must be a tensor object with name, shape, datatype and data, not "
                    + describe(node) + ".");
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw invalid(where + ".name must be a string, not " + describe(nameNode) + ".");
        }
        String name = Records.columnName(nameNode.textValue(), where + ".name");
        OipDatatype type = OipDatatype.parse(node.get("datatype"), where + ".datatype");
        long[] shape = shape(node.get("shape"), where + ".shape");
        long rows = shape[0];
        long cols = shape.length == 2 ? shape[1] : 1;
        records.checkRecordCount(rows, where + " (shape[0])");
        if (cols == 0) {
            throw invalid(where + ".shape " + shapeText(shape) + " has no columns; send at least one.");
        }
        records.checkColumnCount(cols, where + " (shape[1])");
        List<String> columns = List.of();
        JsonNode params = node.get("parameters");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw invalid(where + ".parameters must be an object, not " + describe(params) + ".");
            }
            if (params.has("columns")) {
                columns = records.columnNames(params.get("columns"), where + ".parameters.columns");
            }
        }
        boolean matrix = cols != 1 || !columns.isEmpty();
        List<Object> values = data(node.get("data"), type, shape, rows, cols, where + ".data");
        return new Tensor(name, rows, cols, matrix, values, columns);
    }

    private static long[] shape(JsonNode node, String where) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > 2) {
            throw invalid(where + " must be [n], [n, 1] or [n, k] for tabular data, not "
                    + (node != null && node.isArray() ? "an array of " + node.size() + " dimensions" : describe(node))
                    + ".");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw invalid(where + "[" + i + "] must be a non-negative whole number, not "
                        + JsonInput.clip(d.toString()) + ".");
            }
            out[i] = d.longValue();
        }
        return out;
    }

    private static List<Object> data(JsonNode data, OipDatatype type, long[] shape, long rows, long cols,
            String where) {
        if (data == null || !data.isArray()) {
            throw invalid(where + " must be an array of values, not " + describe(data) + ".");
        }
        long expected = rows * cols;
        List<Object> out = new ArrayList<>((int) Math.min(expected, data.size()));
        boolean nested = !data.isEmpty() && data.get(0).isArray();
        if (!nested) {
            if (data.size() != expected) {
                throw invalid(where + " holds " + data.size() + " values but shape " + shapeText(shape) + " needs "
                        + expected + "; make the shape and the data agree.");
            }
            for (int i = 0; i < data.size(); i++) {
                JsonNode e = data.get(i);
                if (e.isContainerNode()) {
                    throw invalid(where + "[" + i + "] is " + describe(e) + "; data must be flat or nested to the"
                            + " shape throughout.");
                }
                out.add(type.value(e, where + "[" + i + "]"));
            }
            return out;
        }
        if (data.size() != rows) {
            throw invalid(where + " holds " + data.size() + " rows but shape " + shapeText(shape) + " needs " + rows
                    + "; make the shape and the data agree.");
        }
        for (int i = 0; i < data.size(); i++) {
            JsonNode row = data.get(i);
            String at = where + "[" + i + "]";
            if (shape.length == 1 || !row.isArray()) {
                throw invalid(at + " is " + describe(row) + "; nest data only as deep as the shape "
                        + shapeText(shape) + ".");
            }
            if (row.size() != cols) {
                throw invalid(at + " holds " + row.size() + " values but shape " + shapeText(shape) + " needs "
                        + cols + " per row.");
            }
            for (int j = 0; j < row.size(); j++) {
                JsonNode e = row.get(j);
                if (e.isContainerNode()) {
                    throw invalid(at + "[" + j + "] is " + describe(e) + "; nest data only as deep as the shape "
                            + shapeText(shape) + ".");
                }
                out.add(type.value(e, at + "[" + j + "]"));
            }
        }
        return out;
    }

    private List<Map<String, Object>> fromColumns(List<Tensor> tensors) {
        long n = tensors.get(0).rows();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!names.add(t.name())) {
                throw invalid("inputs[" + i + "] repeats the name '" + t.name() + "'; send each column once.");
            }
            if (t.rows() != n) {
                throw invalid("inputs[" + i + "] ('" + t.name() + "') has " + t.rows() + " rows but inputs[0] ('"
                        + tensors.get(0).name() + "') has " + n + "; every input needs the same number of rows.");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>((int) n);
        for (int r = 0; r < n; r++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (Tensor t : tensors) {
                record.put(t.name(), t.values().get(r));
            }
            out.add(record);
        }
        return out;
    }

    private List<Map<String, Object>> fromMatrix(List<Tensor> tensors, Map<String, Object> parameters,
            List<String> columnOrder) {
        if (tensors.size() != 1) {
            throw invalid("A 2-D input must be the only input; send either one [n, k] tensor or one [n] tensor per"
                    + " column.");
        }
        Tensor t = tensors.get(0);
        List<String> columns = t.columns();
        if (columns.isEmpty() && parameters.get("columns") instanceof List<?> list) {
            List<String> named = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank() || named.contains(s)) {
                    throw invalid("parameters.columns must list distinct, non-blank column names.");
                }
                named.add(s);
            }
            columns = named;
        }
        if (columns.isEmpty()) {
            columns = columnOrder == null ? List.of() : columnOrder;
        }
        if (columns.size() != t.cols()) {
            throw invalid("inputs[0] ('" + t.name() + "') has " + t.cols() + " columns but "
                    + (columns.isEmpty() ? "no column names are known" : columns.size() + " column names "
                    + Records.preview(columns) + " apply")
                    + "; send parameters.columns with one name per column, or one tensor per column.");
        }
        List<Map<String, Object>> out = new ArrayList<>((int) t.rows());
        int k = (int) t.cols();
        for (int r = 0; r < t.rows(); r++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int j = 0; j < k; j++) {
                record.put(columns.get(j), t.values().get(r * k + j));
            }
            out.add(record);
        }
        return out;
    }

    private static String shapeText(long[] shape) {
        return java.util.Arrays.toString(shape);
    }

    /**
     * Encodes an inference response.
     *
     * @param response     the predictions
     * @param modelName    the model's name (required)
     * @param modelVersion the model's version, omitted when null
     * @param id           the request's id to echo, omitted when null
     * @return the UTF-8 JSON body
     */
    public byte[] encode(InferenceResponse response, String modelName, String modelVersion, String id) {
        Objects.requireNonNull(response, "response");
        ObjectNode out = JsonOutput.object();
        out.put("model_name", Objects.requireNonNull(modelName, "modelName"));
        if (modelVersion != null) {
            out.put("model_version", modelVersion);
        }
        if (id != null) {
            out.put("id", id);
        }
        ArrayNode outputs = out.putArray("outputs");
        int n = response.size();
        if (response.isClassification()) {
            ArrayNode labels = JsonOutput.array();
            ArrayNode probs = JsonOutput.array();
            for (InferenceResponse.Prediction p : response.predictions()) {
                InferenceResponse.Classified c = (InferenceResponse.Classified) p;
                labels.add(c.label());
                c.probabilities().forEach(v -> JsonOutput.add(probs, v));
            }
            outputs.add(tensor("predicted_class", "BYTES", labels, n));
            if (!response.classes().isEmpty()) {
                outputs.add(tensor("probabilities", "FP64", probs, n, response.classes().size()));
                outputs.add(tensor("classes", "BYTES", JsonOutput.strings(response.classes()),
                        response.classes().size()));
            }
        } else {
            ArrayNode values = JsonOutput.array();
            for (InferenceResponse.Prediction p : response.predictions()) {
                JsonOutput.add(values, ((InferenceResponse.Value) p).value());
            }
            outputs.add(tensor("prediction", "FP64", values, n));
        }
        return JsonOutput.bytes(out);
    }

    private static ObjectNode tensor(String name, String datatype, ArrayNode data, int... shape) {
        ObjectNode t = JsonOutput.object();
        t.put("name", name);
        ArrayNode s = t.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        t.put("datatype", datatype);
        t.set("data", data);
        return t;
    }

    /** Encodes an error body: {@code {"error": message}}. */
    public byte[] encodeError(String message) {
        return JsonOutput.simpleError(message);
    }

    /** The limits this codec enforces. */
    public CodecLimits limits() {
        return limits;
    }
}
