package io.q2o.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.q2o.llm.internal.JsonSupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Java tool for a {@link ToolLoop}: its {@link ToolDefinition} and the code that runs it.
 *
 * <p>Arguments arrive as the model's JSON; the loop validates them against the definition's
 * schema first, so {@link #invoke} sees only arguments the schema accepts. The result is sent back
 * as text: a returned {@code String} as it is, anything else as JSON (Jackson). Implementations
 * must be thread-safe if the same tool is used by loops on several threads.
 */
public interface Tool {

    /** @return what the model sees: name, description, arguments schema */
    ToolDefinition definition();

    /**
     * Runs the tool.
     *
     * @param argumentsJson the arguments, valid against the schema
     * @return the result text for the model
     * @throws ToolArgumentsException if the arguments cannot be read (the model is told, and may retry)
     * @throws Exception any other failure; the loop sends it to the model as a tool error
     */
    String invoke(String argumentsJson) throws Exception;

    /** Thrown by a tool when the arguments cannot be read into its argument type. */
    final class ToolArgumentsException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong with the arguments */
        public ToolArgumentsException(String message) {
            super(message);
        }
    }

    /**
     * A tool whose arguments are one Java type (typically a record), implemented by a function.
     * The schema is generated from the type (every field required, no additional properties).
     *
     * @param name          the tool name (see {@link ToolDefinition#NAME})
     * @param description   what it does and when to use it
     * @param argumentsType the arguments type
     * @param function      the implementation; its result is sent as text ({@code String}) or JSON
     * @param <A>           the arguments type
     * @return the tool
     */
    static <A> Tool of(String name, String description, Class<A> argumentsType, Function<? super A, ?> function) {
        Objects.requireNonNull(function, "tool function");
        ToolDefinition definition = ToolDefinition.fromType(name, description, argumentsType);
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return definition;
            }

            @Override
            public String invoke(String argumentsJson) throws Exception {
                A args;
                try {
                    args = JsonSupport.MAPPER.readValue(argumentsJson, argumentsType);
                } catch (JsonProcessingException e) {
                    throw new ToolArgumentsException("arguments do not fit " + argumentsType.getSimpleName() + ": "
                            + e.getOriginalMessage());
                }
                return resultText(function.apply(args));
            }

            @Override
            public String toString() {
                return "Tool{" + name + "}";
            }
        };
    }

    /**
     * A tool with a hand-written schema, implemented on the arguments' JSON tree.
     *
     * @param definition the definition
     * @param function   the implementation; its result is sent as text ({@code String}) or JSON
     * @return the tool
     */
    static Tool ofJson(ToolDefinition definition, Function<JsonNode, ?> function) {
        Objects.requireNonNull(definition, "tool definition");
        Objects.requireNonNull(function, "tool function");
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return definition;
            }

            @Override
            public String invoke(String argumentsJson) throws Exception {
                return resultText(function.apply(JsonSupport.MAPPER.readTree(argumentsJson)));
            }

            @Override
            public String toString() {
                return "Tool{" + definition.name() + "}";
            }
        };
    }

    /**
     * A tool from a public method with exactly one parameter (typically a record); the tool is
     * named after the method.
     *
     * @param description what it does and when to use it
     * @param target      the object to call the method on ({@code null} for a static method)
     * @param methodName  the method's name; exactly one public one-parameter method must have it
     * @return the tool
     * @throws IllegalArgumentException naming the method if there is none or more than one
     */
    static Tool fromMethod(String description, Object target, String methodName) {
        Objects.requireNonNull(methodName, "method name");
        Class<?> type = target instanceof Class<?> c ? c : Objects.requireNonNull(target, "target").getClass();
        Method[] found = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && m.getParameterCount() == 1).toArray(Method[]::new);
        if (found.length != 1) {
            throw new IllegalArgumentException("tool method '" + methodName + "' on " + type.getName() + ": expected one "
                    + "public method with one parameter, found " + found.length);
        }
        Method method = found[0];
        Object receiver = Modifier.isStatic(method.getModifiers()) ? null : target;
        return of(methodName, description, method.getParameterTypes()[0], args -> {
            try {
                return method.invoke(receiver, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.toString(), cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("tool method '" + methodName + "' is not accessible", e);
            }
        });
    }

    /**
     * @param result a tool's return value
     * @return the text sent to the model: a string as it is, {@code null} as {@code "null"}, anything else as JSON
     * @throws JsonProcessingException if the value cannot be written as JSON
     */
    static String resultText(Object result) throws JsonProcessingException {
        if (result instanceof String s) {
            return s;
        }
        return JsonSupport.MAPPER.writeValueAsString(result);
    }
}
