package io.q2o.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON handling shared by tools, schemas and structured output: one immutably configured,
 * thread-safe mapper (duplicate keys and trailing tokens are errors), and a canonical form with
 * object keys sorted, so two equal documents always have the same text.
 *
 * <p>The mapper reads and writes what the generated schemas describe: {@code Optional} components
 * ({@code null} is an empty {@code Optional}) and {@code java.time} values as ISO-8601 text
 * ({@code "2024-05-01"} for a {@code LocalDate}, the schema's {@code "format": "date"}), never as
 * timestamps.
 */
public final class JsonSupport {
    /** The shared mapper; its configuration is never changed after construction. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    /**
     * The deepest nesting of objects and arrays a schema or a checked answer may have: the schema
     * validator's own parsing limit, so that whatever passes here can be validated. Trees built in
     * code are checked against it without recursion before anything recursive (a copy, the writer,
     * the validator) touches them.
     */
    public static final int MAX_DEPTH = 500;

    private JsonSupport() {
    }

    /**
     * @param node  a tree
     * @param limit the depth of interest
     * @return the nesting depth of objects and arrays ({@code 0} for a scalar, {@code 1} for
     *         {@code {}}), or {@code limit + 1} as soon as it is known to exceed {@code limit};
     *         iterative, so any depth is safe
     */
    public static int depth(JsonNode node, int limit) {
        int max = 0;
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(node);
        depths.push(0);
        while (!nodes.isEmpty()) {
            JsonNode n = nodes.pop();
            int d = depths.pop();
            if (!n.isContainerNode()) {
                continue;
            }
            max = Math.max(max, d + 1);
            if (max > limit) {
                return limit + 1;
            }
            for (JsonNode child : n) {
                nodes.push(child);
                depths.push(d + 1);
            }
        }
        return max;
    }

    /**
     * @param node a tree
     * @param what what the tree is, for the error message
     * @throws IllegalArgumentException naming {@code what} if the tree is nested deeper than {@link #MAX_DEPTH}
     */
    public static void requireDepth(JsonNode node, String what) {
        if (depth(node, MAX_DEPTH) > MAX_DEPTH) {
            throw new IllegalArgumentException(what + " is nested deeper than " + MAX_DEPTH
                    + " levels of objects and arrays");
        }
    }

    /**
     * Parses JSON text.
     *
     * @param json the text
     * @param what what the text is, for the error message (e.g. {@code "tool 'weather' schema"})
     * @return the tree
     * @throws IllegalArgumentException naming {@code what} if the text is not valid JSON
     */
    public static JsonNode parse(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(what + " must be a JSON document, was empty");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param node a tree
     * @return a deep copy with every object's keys in sorted order
     */
    public static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String n : names) {
                out.set(n, sorted(node.get(n)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node.deepCopy();
    }

    /**
     * @param node a tree
     * @return compact text, keys in the tree's order
     */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * @param node a tree
     * @return its canonical text: compact, object keys sorted
     */
    public static String canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
