package io.q2o.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks answers that must be JSON: the text must be one JSON object or array (a single Markdown
 * code fence around it is removed; anything else around it is prose and fails), and, with a
 * schema, valid against that schema (JSON Schema 2020-12, networknt json-schema-validator). With
 * a schema, an answer nested deeper than {@link JsonSupport#MAX_DEPTH} (the validator's limit),
 * or one the validator cannot process, is reported as an error like any other misfit; nothing
 * here throws for any text.
 * Stateless and thread-safe.
 */
public final class JsonAnswers {
    /** At most this many validation errors are reported (the repair prompt stays short). */
    static final int MAX_ERRORS = 20;

    /**
     * Compiled schemas by their text: compiling is far dearer than validating, and a typed call or
     * a tool loop checks every answer against the same few schemas. A bounded memo of a pure
     * function (the same text always compiles to an equivalent, thread-safe validator), so sharing
     * it between services changes nothing any caller can observe.
     */
    private static final com.github.benmanes.caffeine.cache.Cache<String, Schema> COMPILED =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(256).build();

    private JsonAnswers() {
    }

    /**
     * The outcome of a check.
     *
     * @param json   the JSON text (fence removed), or empty when the text is not JSON
     * @param errors what is wrong; empty when the answer is valid
     */
    public record Check(Optional<String> json, List<String> errors) {
        /** @return whether the answer is valid */
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param text       the answer
     * @param schemaJson the JSON Schema as text, or {@code null} for plain JSON mode
     * @return the outcome
     */
    public static Check check(String text, String schemaJson) {
        String json = unfence(text.strip());
        JsonNode node;
        try {
            node = JsonSupport.MAPPER.readTree(json);
        } catch (Exception e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage()
                    : e.getMessage();
            return new Check(Optional.empty(), List.of("the answer is not valid JSON: " + why));
        }
        if (node == null || !(node.isObject() || node.isArray())) {
            return new Check(Optional.empty(), List.of("the answer is not a JSON object or array"));
        }
        if (schemaJson == null) {
            return new Check(Optional.of(json), List.of());
        }
        if (JsonSupport.depth(node, JsonSupport.MAX_DEPTH) > JsonSupport.MAX_DEPTH) {
            return new Check(Optional.empty(), List.of("the answer is nested deeper than " + JsonSupport.MAX_DEPTH
                    + " levels of objects and arrays, more than the schema validator reads"));
        }
        List<Error> found;
        try {
            found = COMPILED.get(schemaJson, JsonAnswers::compile).validate(json, InputFormat.JSON);
        } catch (RuntimeException e) {
            return new Check(Optional.of(json), List.of("the answer could not be checked against the schema: " + e));
        }
        List<String> errors = new ArrayList<>();
        for (Error e : found) {
            if (errors.size() == MAX_ERRORS) {
                errors.add("… and " + (found.size() - MAX_ERRORS) + " more");
                break;
            }
            errors.add(e.toString());
        }
        return new Check(Optional.of(json), errors);
    }

    /**
     * Compiles a schema the way {@link #check} does, to refuse a schema no answer could be checked
     * against (an unresolvable {@code $ref}, an invalid {@code pattern}) when it is defined rather
     * than on every answer. References are resolved only within the schema: nothing is fetched.
     *
     * @param schemaJson the JSON Schema as text
     * @param what       what the schema is, for the error message
     * @throws IllegalArgumentException naming {@code what} if the validator cannot compile the schema
     */
    public static void requireCompilable(String schemaJson, String what) {
        try {
            COMPILED.get(schemaJson, JsonAnswers::compile);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /** Compiles and fully initialises a schema (so a broken {@code $ref} fails here, not later). */
    private static Schema compile(String schemaJson) {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schemaJson, InputFormat.JSON);
        schema.initializeValidators();
        return schema;
    }

    private static String unfence(String text) {
        if (text.startsWith("```") && text.endsWith("```") && text.length() >= 6) {
            int firstLine = text.indexOf('\n');
            if (firstLine > 0 && firstLine < text.length() - 3) {
                String inner = text.substring(firstLine + 1, text.length() - 3).strip();
                if (!inner.contains("```")) {
                    return inner;
                }
            }
        }
        return text;
    }
}
