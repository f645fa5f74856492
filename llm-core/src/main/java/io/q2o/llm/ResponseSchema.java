package io.q2o.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.q2o.llm.internal.JsonAnswers;
import io.q2o.llm.internal.JsonSupport;
import io.q2o.llm.internal.SchemaGenerator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The JSON Schema the answer must follow (structured output): sent as each provider's native
 * structured output (OpenAI {@code response_format} json_schema, Gemini response schema,
 * Anthropic output format) and checked on the answer. Setting one on a request implies
 * {@link ResponseFormat#JSON}.
 *
 * <p>Immutable; equal by content (name, schema text with its key order, strictness).
 */
public final class ResponseSchema {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final JsonNode schema;
    private final String schemaJson;
    private final boolean strict;

    private ResponseSchema(String name, JsonNode schema, boolean strict) {
        Objects.requireNonNull(name, "response schema name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("response schema name '" + name
                    + "' is invalid: use 1 to 64 letters, digits, '_' or '-'");
        }
        if (schema == null || !schema.isObject()) {
            throw new IllegalArgumentException("response schema '" + name + "' must be a JSON object schema");
        }
        JsonSupport.requireDepth(schema, "response schema '" + name + "'");
        this.name = name;
        this.schema = schema.deepCopy();
        this.schemaJson = JsonSupport.compact(this.schema);
        JsonAnswers.requireCompilable(schemaJson, "response schema '" + name + "'");
        this.strict = strict;
    }

    /**
     * @param name       a name for the schema (1-64 of {@code [A-Za-z0-9_-]})
     * @param jsonSchema the JSON Schema as text
     * @return the schema, strict
     * @throws IllegalArgumentException naming the schema if the text is not a JSON object
     */
    public static ResponseSchema of(String name, String jsonSchema) {
        return new ResponseSchema(name, JsonSupport.parse(jsonSchema, "response schema '" + name + "'"), true);
    }

    /**
     * @param name   a name for the schema
     * @param schema the JSON Schema tree (copied), an object schema at most 500 levels deep
     * @return the schema, strict
     * @throws IllegalArgumentException naming the schema if the name or the tree is invalid
     */
    public static ResponseSchema of(String name, JsonNode schema) {
        return new ResponseSchema(name, schema, true);
    }

    /**
     * A schema generated from a Java type (every field required, no additional properties).
     *
     * @param type a record or class
     * @return the schema, named after the type's simple name, strict
     */
    public static ResponseSchema fromType(Class<?> type) {
        Objects.requireNonNull(type, "response type");
        String simple = type.getSimpleName().replaceAll("[^A-Za-z0-9_-]", "_");
        String name = simple.isEmpty() ? "response" : simple.length() > 64 ? simple.substring(0, 64) : simple;
        return new ResponseSchema(name, SchemaGenerator.objectSchema(type, "response"), true);
    }

    /**
     * @param strict whether the provider should enforce the schema exactly (OpenAI {@code strict}); default true
     * @return a copy with that strictness
     */
    public ResponseSchema withStrict(boolean strict) {
        return new ResponseSchema(name, schema, strict);
    }

    /** @return the schema's name */
    public String name() { return name; }

    /** @return a copy of the schema (keys in the order given) */
    public JsonNode schema() { return schema.deepCopy(); }

    /** @return the schema as compact JSON text, keys in the order given */
    public String schemaJson() { return schemaJson; }

    /** @return whether the provider should enforce the schema exactly */
    public boolean strict() { return strict; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseSchema r && name.equals(r.name) && strict == r.strict
                && schemaJson.equals(r.schemaJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, schemaJson, strict);
    }

    @Override
    public String toString() {
        return "ResponseSchema{name=" + name + ", strict=" + strict + ", chars=" + schemaJson.length() + "}";
    }
}
