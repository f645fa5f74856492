package io.q2o.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;

import java.util.Objects;

/**
 * JSON Schemas from Java types (records, classes, enums), via victools jsonschema-generator.
 *
 * <p>The schemas are shaped for the strictest provider mode (OpenAI {@code strict: true}): every
 * property is required, no additional properties are allowed, and no {@code $schema} keyword is
 * emitted. A field that may be absent should be a nullable type the model fills with {@code null}.
 */
public final class SchemaGenerator {
    private SchemaGenerator() {
    }

    /**
     * @param type a record or class whose schema is a JSON object
     * @param what what the schema is for, for the error message
     * @return a fresh object schema
     * @throws IllegalArgumentException naming the type if its schema is not a JSON object
     */
    public static ObjectNode objectSchema(Class<?> type, String what) {
        Objects.requireNonNull(type, what + " type");
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(JsonSupport.MAPPER,
                SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields().withRequiredCheck(field -> true);
        ObjectNode schema;
        try {
            schema = new com.github.victools.jsonschema.generator.SchemaGenerator(config.build()).generateSchema(type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot generate a JSON Schema for " + what + " from " + type.getName()
                    + ": " + e.getMessage(), e);
        }
        if (!"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException(what + " type " + type.getName()
                    + " does not map to a JSON object schema; use a record or class with fields");
        }
        return schema;
    }
}
