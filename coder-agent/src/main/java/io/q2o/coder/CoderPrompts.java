package io.q2o.coder;

import io.q2o.coder.validation.ValidationReport;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link CoderAgent}'s LLM requests: first generation (the plan's {@code generate_code}),
 * hybrid enhancement of a template's output (the plan's prompt) and repair with validation
 * findings. Every request carries the agent and task tags and the agent's code temperature.
 * Thread-safe (immutable).
 */
final class CoderPrompts {
    private static final Logger log = LoggerFactory.getLogger(CoderAgent.class);

    /** The plan's system prompt for the hybrid path. */
    static final String HYBRID_SYSTEM_PROMPT = "You are refining code generated from a template.\n"
            + "Enhance it with:\n"
            + "- Better error handling\n"
            + "- Edge case coverage\n"
            + "- Type safety improvements\n"
            + "- Security hardening\n"
            + "- Performance optimizations\n"
            + "\n"
            + "Keep the overall structure but make it production-grade.";


    private final LlmService llm;
    private final String agentId;
    private final double temperature;
    private final Function<Task, Map<String, ?>> researchProvider;

    CoderPrompts(LlmService llm, String agentId, double temperature, Function<Task, Map<String, ?>> researchProvider) {
        this.llm = llm;
        this.agentId = agentId;
        this.temperature = temperature;
        this.researchProvider = researchProvider;
    }


    private RequestTags tags(Task task) {
        return new RequestTags(agentId, task.id(), null);
    }

    private Map<String, Object> research(Task task) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (researchProvider != null) {
            try {
                Map<String, ?> provided = researchProvider.apply(task);
                if (provided != null) {
                    r.putAll(provided);
                }
            } catch (RuntimeException e) {
                log.warn("Research provider failed for task {}; continuing without its findings: {}", task.id(), e.toString());
            }
        }
        r.putAll(task.researchContext());
        return r;
    }

    /** The task description sent to {@code generateCode} for a component. */
    String llmTaskDescription(Task task, CodeComponent c) {
        StringBuilder sb = new StringBuilder(c.description().isEmpty() ? c.name() : c.description());
        sb.append("\n\nComponent: ").append(c.name())
                .append("\nFile: ").append(c.outputPath()).append(" (").append(c.language().id()).append(')')
                .append("\nPart of task: ").append(task.title());
        if (!task.description().isEmpty()) {
            sb.append(" - ").append(task.description());
        }
        if (!c.requiredElements().isEmpty()) {
            sb.append("\nThe code must contain: ").append(String.join(", ", c.requiredElements()));
        }
        return sb.toString();
    }

    /** The first generation request of a component (the plan's {@code generate_code}). */
    LlmRequest generate(Task task, CodeComponent c) {
        return llm.codeRequest(llmTaskDescription(task, c), task.techStack(), research(task), temperature, c.language().id())
                .tags(tags(task)).build();
    }

    /** The plan's hybrid prompt, with the component's language in the fence. */
    LlmRequest hybrid(Task task, CodeComponent c, String templateCode) {
        String user = "Original code:\n```" + c.language().id() + "\n" + templateCode + "```\n\n"
                + "Task requirements: " + (c.description().isEmpty() ? c.name() : c.description()) + "\n"
                + "Tech stack: " + String.join(", ", task.techStack()) + "\n"
                + (c.requiredElements().isEmpty() ? "" : "Keep these elements: " + String.join(", ", c.requiredElements()) + "\n")
                + "\nEnhance this code to production quality. Return ONLY the enhanced code.";
        return LlmRequest.builder().systemPrompt(HYBRID_SYSTEM_PROMPT).userPrompt(user).temperature(temperature)
                .maxTokens(LlmService.CODE_MAX_TOKENS).tags(tags(task)).build();
    }

    /** A repair request: the failed code and its validation findings. */
    LlmRequest repair(Task task, CodeComponent c, String code, ValidationReport report) {
        String system = "You are fixing " + c.language().id() + " code that failed automated validation "
                + "(a syntax parser, required-element checks and security checks).\n"
                + "Return ONLY the complete corrected file - no explanations, no markdown formatting.";
        String user = "Task requirements: " + (c.description().isEmpty() ? c.name() : c.description()) + "\n"
                + "Tech stack: " + String.join(", ", task.techStack()) + "\n"
                + (c.requiredElements().isEmpty() ? "" : "The code must contain: " + String.join(", ", c.requiredElements()) + "\n")
                + "\nThe code below failed validation:\n```" + c.language().id() + "\n" + code + "```\n\n"
                + "Validation findings (fix every one):\n" + report.describeErrors() + "\n\n"
                + "Return ONLY the complete corrected code.";
        return LlmRequest.builder().systemPrompt(system).userPrompt(user).temperature(temperature)
                .maxTokens(LlmService.CODE_MAX_TOKENS).tags(tags(task)).build();
    }
}
