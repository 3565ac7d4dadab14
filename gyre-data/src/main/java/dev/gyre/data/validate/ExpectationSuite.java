package dev.gyre.data.validate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named list of {@link Expectation}s, read from YAML by {@link SuiteParser} and run by {@link Validator}:
 *
 * <pre>{@code
 * name: titanic-raw
 * expectations:
 *   - expect: not_null
 *     column: Survived
 *   - expect: between
 *     column: Age
 *     min: 0
 *     max: 100
 *     mostly: 0.95
 *   - expect: row_count_between
 *     min: 500
 *     max: 2000
 * }</pre>
 *
 * @param name         the suite's name, shown in reports
 * @param expectations the expectations, in the order they are checked and reported
 */
public record ExpectationSuite(String name, List<Expectation> expectations) {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /**
     * A suite; the list is copied.
     *
     * @throws GyreException.InvalidArgument when the name is blank
     */
    public ExpectationSuite {
        if (name == null || name.isBlank()) {
            throw new GyreException.InvalidArgument("A suite needs a name: add 'name: <suite name>'.");
        }
        expectations = List.copyOf(expectations);
    }

    /** The suite as YAML that {@link SuiteParser} reads back into an equal suite. */
    public String toYaml() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", name);
        List<Map<String, Object>> list = new ArrayList<>();
        expectations.forEach(e -> list.add(e.parameters()));
        root.put("expectations", list);
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write the suite '" + name + "' as YAML.", e);
        }
    }
}
