package dev.gyre.validation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.gyre.validation.metrics.MetricValue;
import java.io.IOException;

/**
 * JSON form of a {@link ValidationReport}: snake_case field names; a {@link MetricValue} is
 * {@code {"value": 0.87}} or {@code {"value": null, "reason": "..."}}; no NaN or infinity is ever written.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = mapper();

    private ReportJson() {
    }

    /** A new mapper configured for reports (and any object holding report parts). */
    public static ObjectMapper mapper() {
        SimpleModule module = new SimpleModule("gyre-validation-report");
        module.addSerializer(MetricValue.class, new MetricValueSerializer());
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .registerModule(module);
    }

    /** The report as indented JSON. */
    public static String write(ValidationReport report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validation report could not be written as JSON", e);
        }
    }

    private static final class MetricValueSerializer extends StdSerializer<MetricValue> {
        MetricValueSerializer() {
            super(MetricValue.class);
        }

        @Override
        public void serialize(MetricValue v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            if (v.isApplicable()) {
                gen.writeNumberField("value", v.get());
            } else {
                gen.writeNullField("value");
                gen.writeStringField("reason", v.reason());
            }
            gen.writeEndObject();
        }
    }
}
