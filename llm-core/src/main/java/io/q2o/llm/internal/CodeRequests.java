package io.q2o.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.q2o.llm.LlmRequest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plan's code-generation request: an expert system prompt for the tech stack with the quality
 * rules of the requested language ({@link CodeGuidelines}), the research context rendered as JSON
 * (keys sorted, so equal contexts give equal prompts and cache hits), and the task as the user prompt.
 * Thread-safe.
 */
public final class CodeRequests {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CodeRequests() {
    }

    /**
     * @param taskDescription what to build
     * @param techStack       technologies to use
     * @param researchContext research findings, or {@code null}/empty for none
     * @param temperature     randomness
     * @param language        the programming language
     * @param maxTokens       the output limit
     * @return a request builder
     * @throws IllegalArgumentException if the research context cannot be rendered as JSON
     */
    public static LlmRequest.Builder build(String taskDescription, List<String> techStack,
                                           Map<String, ?> researchContext, double temperature, String language,
                                           int maxTokens) {
        Objects.requireNonNull(taskDescription, "taskDescription");
        Objects.requireNonNull(techStack, "techStack");
        Objects.requireNonNull(language, "language");
        String stack = String.join(", ", techStack);
        StringBuilder system = new StringBuilder()
                .append("You are an expert ").append(stack.isEmpty() ? "software" : stack).append(" developer.\n\n")
                .append("Generate production-quality ").append(language).append(" code with:\n");
        for (String rule : CodeGuidelines.forLanguage(language)) {
            system.append("- ").append(rule).append('\n');
        }
        system.append("- Best practices for ").append(stack.isEmpty() ? language : stack).append("\n\n");
        if (researchContext != null && !researchContext.isEmpty()) {
            try {
                system.append("Research Findings:\n").append(JSON.writeValueAsString(researchContext)).append("\n\n");
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("researchContext cannot be rendered as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
        system.append("Output ONLY the code - no explanations, no markdown formatting.\n");
        String user = "Task: " + taskDescription + "\n\nTechnology Stack: " + stack
                + "\n\nGenerate complete, production-ready implementation.";
        return LlmRequest.builder().systemPrompt(system.toString()).userPrompt(user)
                .temperature(temperature).maxTokens(maxTokens);
    }
}
