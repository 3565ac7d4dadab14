package dev.gyre.serving.protocol;

import static dev.gyre.serving.protocol.JsonInput.describe;
import static dev.gyre.serving.protocol.JsonInput.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The MLflow scoring server body of {@code POST /invocations}.
 *
 * <p>{@code application/json} requests hold exactly one of
 * <ul>
 *   <li>{@code dataframe_split}: {@code {"columns"?: [...], "data": [[...], ...], "index"?: [...]}} (without
 *       {@code columns} the model's column order applies; {@code index} is checked and ignored);
 *   <li>{@code dataframe_records}: an array of objects;
 *   <li>{@code instances} or {@code inputs}: an array of records (objects, or arrays in column order) or an object
 *       of column to array of values;
 * </ul>
 * plus optional {@code params} (scalars or arrays of scalars), decoded into the request parameters. Other keys are
 * ignored. {@code text/csv} requests are read by RFC 4180 with a header row (see the package documentation).
 *
 * <p>Responses, as MLflow 2.x writes them: {@code {"predictions": [...]}} holding one value per record (the label
 * of a classifier without probabilities, or the regression value); a classifier with probabilities answers one
 * object per record, as MLflow does for a data-frame output:
 * {@code {"predicted_class": "yes", "probability_no": 0.2, "probability_yes": 0.8}} (one key per class, in class
 * order). Errors: {@code {"error_code": "BAD_REQUEST", "message": "..."}}.
 *
 * <p>Thread-safe.
 */
public final class MlflowScoringCodec {

    static final String PROTOCOL = "MLflow scoring";
    private static final List<String> FORMATS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");
    private static final String EXAMPLE = "{\"dataframe_records\": [{\"age\": 38}]}";

    private final JsonInput json;
    private final Records records;
    private final CsvInput csv;

    /** A codec with {@link CodecLimits#defaults()}. */
    public MlflowScoringCodec() {
        this(CodecLimits.defaults());
    }

    /** A codec enforcing the given limits. */
    public MlflowScoringCodec(CodecLimits limits) {
        this.json = new JsonInput(Objects.requireNonNull(limits, "limits"));
        this.records = new Records(limits);
        this.csv = new CsvInput(limits);
    }

    /**
     * Decodes an invocations request body.
     *
     * @param body        the raw body
     * @param contentType the request's Content-Type: {@code application/json} or {@code text/csv} (a
     *                    {@code charset} parameter, if any, must be UTF-8)
     * @param columnOrder the model's input columns in order, used for positional rows; may be empty
     * @throws GyreException.InvalidArgument for any body or content type that is not a valid request
     */
    public InferenceRequest decode(byte[] body, String contentType, List<String> columnOrder) {
        String media = mediaType(contentType);
        if (media.equals("text/csv")) {
            return InferenceRequest.of(csv.read(body));
        }
        JsonNode root = json.parse(body, PROTOCOL);
        if (!root.isObject()) {
            throw invalid("Invalid input: the body must be a JSON object with exactly one of the input fields "
                    + FORMATS + ", not " + describe(root) + ". Wrap a list like " + EXAMPLE + ".");
        }
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        List<String> present = FORMATS.stream().filter(root::has).toList();
        if (present.size() != 1) {
            throw invalid("Invalid input: the body must be a JSON object with exactly one of the input fields "
                    + FORMATS + " (and optionally params); received the fields "
                    + Records.preview(fields.stream().map(JsonInput::clip).toList()) + ".");
        }
        String format = present.get(0);
        JsonNode input = root.get(format);
        List<Map<String, Object>> rows = switch (format) {
            case "dataframe_split" -> split(input, columnOrder);
            case "dataframe_records" -> recordsOnly(input);
            default -> input.isObject() ? records.fromColumns(input, format)
                    : records.fromRows(input, columnOrder, format);
        };
        Map<String, Object> params = records.parameters(root.get("params"), "params", true);
        return new InferenceRequest(rows, Optional.empty(), params);
    }

    private static String mediaType(String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.equals("text/csv")) {
            throw invalid("Content type '" + JsonInput.clip(contentType) + "' is not supported; send "
                    + "application/json or text/csv.");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv[0].trim().equalsIgnoreCase("charset") && (kv.length < 2
                    || !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                throw invalid("Charset '" + JsonInput.clip(parts[i].trim()) + "' is not supported; send UTF-8.");
            }
        }
        return media;
    }

    private List<Map<String, Object>> split(JsonNode input, List<String> columnOrder) {
        if (!input.isObject()) {
            throw invalid("dataframe_split must be an object {\"columns\": [...], \"data\": [[...]]}, not "
                    + describe(input) + ".");
        }
        List<String> columns = input.has("columns")
                ? records.columnNames(input.get("columns"), "dataframe_split.columns")
                : Records.requireOrder(columnOrder, "dataframe_split (without columns)");
        JsonNode data = input.get("data");
        if (data == null || !data.isArray()) {
            throw invalid("dataframe_split.data must be an array of rows, not " + describe(data) + ".");
        }
        records.checkRecordCount(data.size(), "dataframe_split.data");
        JsonNode index = input.get("index");
        if (index != null && (!index.isArray() || index.size() != data.size())) {
            throw invalid("dataframe_split.index must be an array with one entry per row of data ("
                    + data.size() + "), not " + (index.isArray() ? index.size() + " entries" : describe(index))
                    + ".");
        }
        List<Map<String, Object>> out = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            JsonNode row = data.get(i);
            String at = "dataframe_split.data[" + i + "]";
            if (!row.isArray()) {
                throw invalid(at + " must be an array of values in column order, not " + describe(row) + ".");
            }
            out.add(records.fromRow(row, columns, at));
        }
        return out;
    }

    private List<Map<String, Object>> recordsOnly(JsonNode input) {
        if (!input.isArray()) {
            throw invalid("dataframe_records must be an array of objects, not " + describe(input) + ".");
        }
        for (int i = 0; i < input.size(); i++) {
            if (!input.get(i).isObject()) {
                throw invalid("dataframe_records[" + i + "] must be an object of column to value, not "
                        + describe(input.get(i)) + ".");
            }
        }
        return records.fromRows(input, List.of(), "dataframe_records");
    }

    /** Encodes an invocations response. */
    public byte[] encode(InferenceResponse response) {
        Objects.requireNonNull(response, "response");
        ObjectNode out = JsonOutput.object();
        ArrayNode predictions = out.putArray("predictions");
        for (InferenceResponse.Prediction p : response.predictions()) {
            if (p instanceof InferenceResponse.Value v) {
                JsonOutput.add(predictions, v.value());
            } else if (response.classes().isEmpty()) {
                predictions.add(((InferenceResponse.Classified) p).label());
            } else {
                InferenceResponse.Classified c = (InferenceResponse.Classified) p;
                ObjectNode item = predictions.addObject();
                item.put("predicted_class", c.label());
                for (int j = 0; j < response.classes().size(); j++) {
                    JsonOutput.put(item, "probability_" + response.classes().get(j), c.probabilities().get(j));
                }
            }
        }
        return JsonOutput.bytes(out);
    }

    /**
     * Encodes an error the way the MLflow scoring server does: {@code error_code} is {@code BAD_REQUEST} for an
     * invalid request, else the error's code.
     */
    public byte[] encodeError(GyreException error) {
        ObjectNode out = JsonOutput.object();
        out.put("error_code", error instanceof GyreException.InvalidArgument ? "BAD_REQUEST" : error.code().name());
        out.put("message", error.getMessage());
        return JsonOutput.bytes(out);
    }
}
