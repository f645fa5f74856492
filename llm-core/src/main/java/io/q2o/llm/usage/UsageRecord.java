package io.q2o.llm.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One finished call as stored in the usage ledger: one JSON line, snake_case field names.
 * Prompts and answers are never stored.
 *
 * @param id                    the call's request id
 * @param start                 when the call started
 * @param durationMs            how long it took, in milliseconds
 * @param provider              the provider that answered (or failed last); empty if none
 * @param model                 the model that answered; empty on failure
 * @param inputTokens           prompt tokens (including cached)
 * @param outputTokens          output tokens (including reasoning)
 * @param cachedInputTokens     prompt tokens read from the provider's prompt cache
 * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache
 * @param reasoningTokens       reasoning tokens
 * @param inputCost             input cost in USD, {@code null} when unknown
 * @param outputCost            output cost in USD, {@code null} when unknown
 * @param cost                  total cost in USD, {@code null} when unknown (0 for cache hits, failures, dry runs)
 * @param agent                 the agent tag, or {@code null}
 * @param task                  the task tag, or {@code null}
 * @param project               the project tag, or {@code null}
 * @param cacheHit              whether the answer came from the response cache
 * @param simulated             whether it was a dry run
 * @param counted               whether it counted against the daily call limit
 * @param outcome               {@code "success"} or {@code "failure"}
 * @param errorKind             the error kind name on failure, else {@code null}
 * @param attempts              the number of attempts and skips
 * @param toolCalls             the names of the tools the answer called, in order (a tool called
 *                              twice is named twice); empty when it called none, and in lines
 *                              written before the field existed
 */
public record UsageRecord(String id, Instant start, long durationMs, String provider, String model,
                          long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                          long reasoningTokens, BigDecimal inputCost, BigDecimal outputCost, BigDecimal cost,
                          String agent, String task, String project, boolean cacheHit, boolean simulated,
                          boolean counted, String outcome, String errorKind, int attempts,
                          List<String> toolCalls) {

    /** Copies the tool names; {@code null} (a line without the field) is none. */
    public UsageRecord {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /**
     * A record of an answer that called no tools (the fields as before {@code toolCalls}).
     *
     * @param id                    see the class
     * @param start                 see the class
     * @param durationMs            see the class
     * @param provider              see the class
     * @param model                 see the class
     * @param inputTokens           see the class
     * @param outputTokens          see the class
     * @param cachedInputTokens     see the class
     * @param cacheWriteInputTokens see the class
     * @param reasoningTokens       see the class
     * @param inputCost             see the class
     * @param outputCost            see the class
     * @param cost                  see the class
     * @param agent                 see the class
     * @param task                  see the class
     * @param project               see the class
     * @param cacheHit              see the class
     * @param simulated             see the class
     * @param counted               see the class
     * @param outcome               see the class
     * @param errorKind             see the class
     * @param attempts              see the class
     */
    public UsageRecord(String id, Instant start, long durationMs, String provider, String model,
                       long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteInputTokens,
                       long reasoningTokens, BigDecimal inputCost, BigDecimal outputCost, BigDecimal cost,
                       String agent, String task, String project, boolean cacheHit, boolean simulated,
                       boolean counted, String outcome, String errorKind, int attempts) {
        this(id, start, durationMs, provider, model, inputTokens, outputTokens, cachedInputTokens, cacheWriteInputTokens,
                reasoningTokens, inputCost, outputCost, cost, agent, task, project, cacheHit, simulated, counted, outcome,
                errorKind, attempts, List.of());
    }

    /** @return whether the call produced an answer */
    public boolean success() {
        return "success".equals(outcome);
    }

    /** @return the cost, or zero when unknown */
    public BigDecimal costOrZero() {
        return cost == null ? BigDecimal.ZERO : cost;
    }
}
