package io.q2o.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.q2o.llm.internal.JsonAnswers;
import io.q2o.llm.internal.JsonSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers as Java types. The JSON Schema is generated from the type (victools
 * jsonschema-generator; every field required, no additional properties) unless the request
 * already carries one, and sent as the provider's native structured output. The answer is checked
 * against the schema by the engine and then read into the type with Jackson. If it does not fit,
 * ONE repair round follows: the same conversation plus the model's answer and a user message
 * listing the validation errors. If that answer does not fit either, the result fails with
 * {@link ErrorKind#STRUCTURED_OUTPUT_INVALID}, the raw text as content. Every call is a normal
 * {@link LlmService} call (fallback, cost, limits, cache apply); other failures are returned as
 * they are, without a repair round.
 *
 * <p>Thread-safe; schemas generated per type are kept by this instance.
 */
public final class StructuredOutput {
    /** The start of the repair message; the validation errors follow it. */
    public static final String REPAIR_PROMPT = "Your previous answer did not match the required JSON Schema. Errors:";

    private final LlmService service;
    private final Map<Class<?>, ResponseSchema> schemas = new ConcurrentHashMap<>();

    /** @param service the service every call goes through */
    public StructuredOutput(LlmService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * @param request the request (its response schema, if set, is used instead of a generated one)
     * @param type    the answer type, typically a record
     * @param <T>     the answer type
     * @return the typed answer; never throws for a failed call (see {@link TypedResponse#orThrow()})
     * @throws IllegalArgumentException naming the type if no object schema can be generated for it
     */
    public <T> TypedResponse<T> complete(LlmRequest request, Class<T> type) {
        Typed<T> typed = new Typed<>(request, type);
        TypedResponse<T> done = typed.first(service.complete(typed.first));
        return done != null ? done : typed.repaired(service.complete(typed.repair));
    }

    /**
     * {@link #complete} without blocking the caller: both calls are
     * {@link LlmService#completeAsync(LlmRequest)} calls.
     *
     * @param request the request (its response schema, if set, is used instead of a generated one)
     * @param type    the answer type, typically a record
     * @param <T>     the answer type
     * @return a future of the typed answer; it never completes exceptionally for a failed call
     * @throws IllegalArgumentException naming the type if no object schema can be generated for it
     */
    public <T> CompletableFuture<TypedResponse<T>> completeAsync(LlmRequest request, Class<T> type) {
        Typed<T> typed = new Typed<>(request, type);
        return service.completeAsync(typed.first).thenCompose(r -> {
            TypedResponse<T> done = typed.first(r);
            return done != null ? CompletableFuture.completedFuture(done)
                    : service.completeAsync(typed.repair).thenApply(typed::repaired);
        });
    }

    /** One typed call: the first request, then (if needed) the repair request and the outcome. */
    private final class Typed<T> {
        private final Class<T> type;
        private final ResponseSchema schema;
        private final LlmRequest first;
        private final List<LlmResponse> calls = new ArrayList<>(2);
        private LlmRequest repair;

        Typed(LlmRequest request, Class<T> type) {
            Objects.requireNonNull(request, "request");
            this.type = Objects.requireNonNull(type, "type");
            this.schema = request.responseSchema() != null ? request.responseSchema()
                    : schemas.computeIfAbsent(type, ResponseSchema::fromType);
            this.first = request.responseSchema() != null ? request : request.toBuilder().responseSchema(schema).build();
        }

        /** @return the outcome of the first answer, or {@code null} when a repair round is to follow */
        TypedResponse<T> first(LlmResponse r) {
            calls.add(r);
            Attempted<T> a = read(r, type, schema);
            if (a.value != null || a.errors == null) {
                return new TypedResponse<>(a.value, r, calls);
            }
            repair = repairRequest(first, r.content(), a.errors);
            return null;
        }

        /** @return the outcome of the repair round's answer */
        TypedResponse<T> repaired(LlmResponse r2) {
            calls.add(r2);
            Attempted<T> b = read(r2, type, schema);
            if (b.value != null || b.errors == null) {
                return new TypedResponse<>(b.value, r2, calls);
            }
            LlmResponse failed = r2.success() ? invalid(r2, schema, b.errors) : r2;
            return new TypedResponse<>(null, failed, calls);
        }
    }

    /** A read attempt: a value, or the errors to repair (null errors: a failure not to repair). */
    private record Attempted<T>(T value, List<String> errors) {
    }

    private static <T> Attempted<T> read(LlmResponse r, Class<T> type, ResponseSchema schema) {
        if (!r.success()) {
            if (r.error().kind() == ErrorKind.STRUCTURED_OUTPUT_INVALID) {
                List<String> errors = JsonAnswers.check(r.content(), schema.schemaJson()).errors();
                return new Attempted<>(null, errors.isEmpty() ? List.of(r.error().message()) : errors);
            }
            return new Attempted<>(null, null);
        }
        if (r.simulated()) {
            return new Attempted<>(null, null);
        }
        try {
            T value = JsonSupport.MAPPER.readValue(r.content(), type);
            if (value == null) {
                return new Attempted<>(null, List.of("the answer is null"));
            }
            return new Attempted<>(value, List.of());
        } catch (JsonProcessingException | RuntimeException e) {
            String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            return new Attempted<>(null, List.of("the answer does not fit " + type.getSimpleName() + ": " + why));
        }
    }

    private static LlmRequest repairRequest(LlmRequest first, String raw, List<String> errors) {
        List<ChatMessage> messages = new ArrayList<>(first.messages());
        messages.add(ChatMessage.assistant(raw.isBlank() ? "(empty answer)" : raw));
        messages.add(ChatMessage.user(REPAIR_PROMPT + "\n- " + String.join("\n- ", errors)
                + "\nReply with only the corrected JSON."));
        return first.toBuilder().systemPrompt(null).userPrompt(null).messages(messages).build();
    }

    private static LlmResponse invalid(LlmResponse r, ResponseSchema schema, List<String> errors) {
        LlmError error = new LlmError(ErrorKind.STRUCTURED_OUTPUT_INVALID, "schema", "the answer must follow response schema '"
                + schema.name() + "': " + String.join("; ", errors), r.provider());
        return LlmResponse.invalidAnswer(r.content(), error, r.usage(), r.finishReason(), r.attempts());
    }
}
