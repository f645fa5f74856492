package io.q2o.llm;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ToolLoop} run produced.
 *
 * @param status       why the loop ended
 * @param response     the last model call's response: the final answer when {@link Status#COMPLETED}
 * @param conversation the whole conversation at the end (input messages, every model turn and tool result)
 * @param steps        every model call, in order
 * @param toolCalls    how many tool calls were executed (successfully or not)
 * @param message      a one-line explanation of the status
 */
public record ToolLoopResult(Status status, LlmResponse response, List<ChatMessage> conversation,
                             List<LlmResponse> steps, int toolCalls, String message) {

    /** Why a loop ended. */
    public enum Status {
        /** The model gave a final answer (no more tool calls). */
        COMPLETED,
        /** The step limit was reached while the model still called tools. */
        STEP_LIMIT,
        /** The loop's budget was spent (or a step's cost was unknown while a budget was set). */
        BUDGET_EXCEEDED,
        /** The model called unknown tools or sent invalid arguments too often. */
        TOO_MANY_TOOL_ERRORS,
        /** A model call failed (after the service's own retries and fallback). */
        FAILED
    }

    /** Validates and copies the components. */
    public ToolLoopResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(response, "response");
        conversation = List.copyOf(conversation);
        steps = List.copyOf(steps);
        Objects.requireNonNull(message, "message");
    }

    /** @return whether the model gave a final answer */
    public boolean success() {
        return status == Status.COMPLETED;
    }

    /** @return the final answer text; empty unless {@link #success()} */
    public String content() {
        return success() ? response.content() : "";
    }

    /** @return the summed cost of every step, or empty if any step's cost is unknown */
    public Optional<BigDecimal> totalCost() {
        return LlmUsage.totalCost(steps);
    }

    /** @return a summary without the texts */
    @Override
    public String toString() {
        return "ToolLoopResult{status=" + status + ", steps=" + steps.size() + ", toolCalls=" + toolCalls
                + ", message=" + message + "}";
    }
}
