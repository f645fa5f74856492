package io.q2o.llm.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

import java.util.List;

/**
 * The span attribute keys and event names {@link LlmTracing} writes: those of the
 * <a href="https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/">OpenTelemetry GenAI
 * semantic conventions</a> ({@code gen_ai.*}, {@code error.type}) and the library's own
 * ({@code q2o.*}). Every key is listed with its meaning in this module's {@code README.md}.
 */
public final class GenAiAttributes {

    private GenAiAttributes() {
    }

    // ------------------------------------------------------------ GenAI semantic conventions

    /** The operation; always {@value #CHAT} (every call of the library is a chat completion). */
    public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    /** The provider in the conventions' spelling, from {@code LlmProviderFactory.telemetryName()}. */
    public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    /** The model asked for. */
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    /** The request's output token limit, when the request sets one. */
    public static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    /** The request's temperature, when the request sets one. */
    public static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    /** The model the provider says answered. */
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    /** Why the model stopped: {@code stop}, {@code length}, {@code content_filter}, {@code tool_calls}, {@code other}. */
    public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    /** Prompt tokens billed, cached ones included. */
    public static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    /** Output tokens billed, reasoning tokens included. */
    public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    /** Opt-in: the system prompt as the conventions' JSON parts list. */
    public static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
    /** Opt-in: the input messages as the conventions' JSON messages list. */
    public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    /** Opt-in: the answer as the conventions' JSON messages list. */
    public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    /** The error kind in lower case, e.g. {@code server_error}; only on failed calls and attempts. */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The value of {@link #OPERATION_NAME}. */
    public static final String CHAT = "chat";

    // ------------------------------------------------------------ the library's own

    /**
     * Exact cost of the call in US dollars as a plain decimal string (e.g. {@code "0.0008"}), from
     * the price table; {@code "0"} for cache hits; absent when the model has no price (then
     * {@link #COST_KNOWN} is {@code false}). A string, not a double: the cost is an exact
     * {@code BigDecimal} and a double would round it (sum costs with the {@code llm-micrometer}
     * meters).
     */
    public static final AttributeKey<String> COST_USD = AttributeKey.stringKey("q2o.cost.usd");
    /** Whether the call's cost is known (false: the model has no price in the table); set when the call has usage. */
    public static final AttributeKey<Boolean> COST_KNOWN = AttributeKey.booleanKey("q2o.cost.known");
    /** Whether the answer came from the response cache. */
    public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("q2o.llm.cache_hit");
    /** Whether the call streams. */
    public static final AttributeKey<Boolean> STREAMING = AttributeKey.booleanKey("q2o.llm.streaming");
    /** The call's id, shared by all its listener events and ledger record. */
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("q2o.llm.request_id");
    /** The library's provider name (e.g. {@code gemini}), next to the conventions' {@link #PROVIDER_NAME}. */
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("q2o.llm.provider");
    /** Number of moves from one provider to the next within the call; only when above zero. */
    public static final AttributeKey<Long> FALLBACKS = AttributeKey.longKey("q2o.llm.fallbacks");
    /** 1 for the call's first attempt, then 2, 3, … (attempt spans). */
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("q2o.llm.attempt");
    /** The error's short code, e.g. {@code http-503}, {@code budget}; only on failed calls. */
    public static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("q2o.llm.error.code");
    /** True for dry-run answers ({@code Q2O_LLM_DRY_RUN}); absent otherwise. */
    public static final AttributeKey<Boolean> DRY_RUN = AttributeKey.booleanKey("q2o.llm.dry_run");
    /** True when a stream broke after text reached the caller; absent otherwise. */
    public static final AttributeKey<Boolean> PARTIAL = AttributeKey.booleanKey("q2o.llm.partial");
    /** The request's agent tag ({@code RequestTags.agentId}), when set. */
    public static final AttributeKey<String> AGENT = AttributeKey.stringKey("q2o.llm.agent");
    /** The request's task tag, when set. */
    public static final AttributeKey<String> TASK = AttributeKey.stringKey("q2o.llm.task");
    /** The request's project tag, when set. */
    public static final AttributeKey<String> PROJECT = AttributeKey.stringKey("q2o.llm.project");

    /** Event on the call span: the call moves from one provider to the next. */
    public static final String FALLBACK_EVENT = "q2o.llm.fallback";
    /** {@link #FALLBACK_EVENT}: the provider given up ({@code gen_ai.provider.name} spelling). */
    public static final AttributeKey<String> FALLBACK_FROM = AttributeKey.stringKey("q2o.llm.fallback.from");
    /** {@link #FALLBACK_EVENT}: the provider tried next. */
    public static final AttributeKey<String> FALLBACK_TO = AttributeKey.stringKey("q2o.llm.fallback.to");
    /** {@link #FALLBACK_EVENT}: the last {@code error.type} of the provider given up, or {@code skipped}. */
    public static final AttributeKey<String> FALLBACK_REASON = AttributeKey.stringKey("q2o.llm.fallback.reason");

    /** Event on the call span: a candidate was skipped without a request. */
    public static final String SKIP_EVENT = "q2o.llm.skip";
    /** {@link #SKIP_EVENT}: {@code circuit_open}, {@code rate_limit} or {@code price_unknown}. */
    public static final AttributeKey<String> SKIP_REASON = AttributeKey.stringKey("q2o.llm.skip.reason");

    /** Event on the call span: a hard budget refused the call. */
    public static final String BUDGET_EXHAUSTED_EVENT = "q2o.llm.budget_exhausted";
    /** {@link #BUDGET_EXHAUSTED_EVENT}: today's committed cost in USD, plain decimal string. */
    public static final AttributeKey<String> BUDGET_DAILY_COST = AttributeKey.stringKey("q2o.llm.budget.daily_cost_usd");
    /** {@link #BUDGET_EXHAUSTED_EVENT}: this month's committed cost in USD, plain decimal string. */
    public static final AttributeKey<String> BUDGET_MONTHLY_COST =
            AttributeKey.stringKey("q2o.llm.budget.monthly_cost_usd");
}
