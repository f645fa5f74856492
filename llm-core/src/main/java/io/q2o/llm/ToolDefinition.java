package io.q2o.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.q2o.llm.internal.JsonAnswers;
import io.q2o.llm.internal.JsonSupport;
import io.q2o.llm.internal.SchemaGenerator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool the model may call: a name, a description the model reads to decide when to call it,
 * and the JSON Schema of its arguments (a JSON object schema), written by hand or generated from
 * a Java type.
 *
 * <p>Immutable and thread-safe; equality is by content (name, description, schema text,
 * strictness), where the schema's key order counts because models follow it. {@link #strict()}
 * asks providers that support it (OpenAI) to hold the model to the schema exactly; it is on for
 * generated schemas and off by default for hand-written ones.
 */
public final class ToolDefinition {
    /** Tool names every provider accepts: a letter or underscore, then letters, digits, {@code _} or {@code -}; at most 64. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");

    private final String name;
    private final String description;
    private final JsonNode parameters;
    private final String parametersJson;
    private final boolean strict;

    private ToolDefinition(String name, String description, JsonNode parameters, boolean strict) {
        this.name = checkName(name);
        this.description = description == null ? "" : description;
        if (parameters == null || !parameters.isObject()) {
            throw new IllegalArgumentException("tool '" + name + "' parameters schema must be a JSON object, was "
                    + (parameters == null ? "null" : parameters.getNodeType()));
        }
        if (parameters.has("type") && !"object".equals(parameters.get("type").asText())) {
            throw new IllegalArgumentException("tool '" + name + "' parameters schema must describe a JSON object "
                    + "(\"type\": \"object\"), was \"type\": " + parameters.get("type"));
        }
        JsonSupport.requireDepth(parameters, "tool '" + name + "' parameters schema");
        this.parameters = parameters.deepCopy();
        this.parametersJson = JsonSupport.compact(this.parameters);
        JsonAnswers.requireCompilable(parametersJson, "tool '" + name + "' parameters schema");
        this.strict = strict;
    }

    /**
     * A tool with a hand-written schema.
     *
     * @param name        the name, matching {@link #NAME}
     * @param description what the tool does and when to use it; {@code null} means none
     * @param parametersJsonSchema the arguments' JSON Schema (an object schema) as JSON text
     * @return the definition, not strict
     * @throws IllegalArgumentException naming the tool if the name or the schema is invalid (including a
     *         schema nested deeper than 500 levels of objects and arrays)
     */
    public static ToolDefinition of(String name, String description, String parametersJsonSchema) {
        return new ToolDefinition(name, description,
                JsonSupport.parse(parametersJsonSchema, "tool '" + name + "' parameters schema"), false);
    }

    /**
     * A tool with a hand-built schema tree (copied).
     *
     * @param name             the name, matching {@link #NAME}
     * @param description      what the tool does; {@code null} means none
     * @param parametersSchema the arguments' JSON Schema, an object schema, at most 500 levels deep
     * @return the definition, not strict
     * @throws IllegalArgumentException naming the tool if the name or the schema is invalid
     */
    public static ToolDefinition of(String name, String description, JsonNode parametersSchema) {
        return new ToolDefinition(name, description, parametersSchema, false);
    }

    /**
     * A tool whose arguments are one Java type (typically a record); the schema is generated
     * (every field required, no additional properties) and the definition is strict.
     *
     * @param name          the name, matching {@link #NAME}
     * @param description   what the tool does; {@code null} means none
     * @param argumentsType the arguments type
     * @return the definition
     */
    public static ToolDefinition fromType(String name, String description, Class<?> argumentsType) {
        checkName(name);
        return new ToolDefinition(name, description,
                SchemaGenerator.objectSchema(argumentsType, "tool '" + name + "' arguments"), true);
    }

    /**
     * @param strict whether providers should enforce the schema exactly (OpenAI {@code strict});
     *               the schema must then list every property as required and forbid additional ones
     * @return a copy with that strictness
     */
    public ToolDefinition withStrict(boolean strict) {
        return new ToolDefinition(name, description, parameters, strict);
    }

    /** @return the tool name */
    public String name() { return name; }

    /** @return the description, empty if none */
    public String description() { return description; }

    /** @return a copy of the arguments' JSON Schema (keys in the order given) */
    public JsonNode parameters() { return parameters.deepCopy(); }

    /** @return the arguments' JSON Schema as compact JSON text, keys in the order given */
    public String parametersJson() { return parametersJson; }

    /** @return whether providers should enforce the schema exactly */
    public boolean strict() { return strict; }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "tool name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name '" + name + "' is invalid: use a letter or underscore "
                    + "followed by letters, digits, '_' or '-', at most 64 characters");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolDefinition t && name.equals(t.name) && description.equals(t.description)
                && strict == t.strict && parametersJson.equals(t.parametersJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, parametersJson, strict);
    }

    @Override
    public String toString() {
        return "ToolDefinition{name=" + name + ", strict=" + strict + ", schemaChars=" + parametersJson.length() + "}";
    }
}
