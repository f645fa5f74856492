package io.q2o.llm.bench;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.spi.LlmProviderFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the clients the benchmarks compare, all pointed at a {@link StubServer} and all sending
 * the same request: the system prompt {@link #SYSTEM}, the user prompt {@link #USER},
 * temperature {@link #TEMPERATURE} and {@link #MAX_TOKENS} output tokens.
 */
public final class Clients {
    /** The system prompt of every benchmark request. */
    public static final String SYSTEM = "You are a senior Java engineer. Answer in three sentences or fewer.";
    /** The user prompt of the overhead and concurrency requests. */
    public static final String USER = "Summarise what the discount service does, given that it validates the input, "
            + "looks the customer up, applies the discount rules in order and returns the new total.";
    /** The temperature of every request. */
    public static final double TEMPERATURE = 0.7;
    /** The output token limit of every request. */
    public static final int MAX_TOKENS = 256;
    /** The OpenAI model asked for. */
    public static final String OPENAI_MODEL = "gpt-4o-mini";
    /** The Anthropic model asked for. */
    public static final String ANTHROPIC_MODEL = "claude-sonnet-4-5";
    /** A syntactically plausible dummy key; the stub ignores it. */
    public static final String DUMMY_KEY = "sk-bench-0000000000000000000000000000";

    private Clients() {
    }

    /**
     * The settings of a service that calls one provider and nothing else: no fallback, no retries,
     * no ledger, no folder cache, a daily limit so high it never bites (the check still runs), no
     * cost alert. Isolated from the working directory's {@code .env} and config file.
     *
     * @param provider "openai" or "anthropic"
     * @param stub     the stub
     * @param cache    whether the in-memory response cache is on
     * @return the environment map
     */
    public static Map<String, String> environment(String provider, StubServer stub, boolean cache) {
        Map<String, String> env = new HashMap<>();
        env.put("Q2O_LLM_PRIMARY", provider);
        env.put("Q2O_LLM_FALLBACK", "none");
        env.put("Q2O_LLM_AUTO_FALLBACK", "false");
        env.put("Q2O_LLM_MAX_RETRIES", "0");
        env.put("Q2O_LLM_CACHE_ENABLED", Boolean.toString(cache));
        env.put("Q2O_LLM_CACHE_PERSIST", "false");
        env.put("Q2O_LLM_LEDGER", "false");
        env.put("Q2O_LLM_DAILY_LIMIT", "1000000000000");
        env.put("Q2O_LLM_COST_ALERT", "0");
        switch (provider) {
            case "openai" -> {
                env.put("OPENAI_API_KEY", DUMMY_KEY);
                env.put("OPENAI_BASE_URL", stub.baseUrl() + "/v1");
                env.put("OPENAI_MODEL", OPENAI_MODEL);
            }
            case "anthropic" -> {
                env.put("ANTHROPIC_API_KEY", DUMMY_KEY);
                env.put("ANTHROPIC_BASE_URL", stub.baseUrl());
                env.put("ANTHROPIC_MODEL", ANTHROPIC_MODEL);
            }
            default -> {
                // a provider registered as an instance by the caller
            }
        }
        return env;
    }

    /**
     * @param env the environment map
     * @return an isolated configuration from it
     */
    public static LlmConfig config(Map<String, String> env) {
        return LlmConfig.builder().environment(env).isolated().build();
    }

    /**
     * A service with the adapters found on the class path (as an application would have it).
     *
     * @param provider "openai" or "anthropic"
     * @param stub     the stub
     * @param cache    whether the response cache is on
     * @return the service
     */
    public static LlmService q2o(String provider, StubServer stub, boolean cache) {
        return LlmService.builder().config(config(environment(provider, stub, cache))).build();
    }

    /**
     * A service whose only provider comes from {@code factory} (no discovery).
     *
     * @param factory the factory
     * @param stub    the stub
     * @return the service, cache off
     */
    public static LlmService q2o(LlmProviderFactory factory, StubServer stub) {
        return LlmService.builder().config(config(environment(factory.name(), stub, false)))
                .discoverProviders(false).providerFactory(factory).build();
    }

    /** @return the request every overhead benchmark sends through the service, cache bypassed */
    public static LlmRequest request() {
        return LlmRequest.builder().systemPrompt(SYSTEM).userPrompt(USER).temperature(TEMPERATURE)
                .maxTokens(MAX_TOKENS).build();
    }

    /**
     * @param r a response
     * @return r
     * @throws IllegalStateException if the call failed
     */
    public static LlmResponse ok(LlmResponse r) {
        if (!r.success()) {
            throw new IllegalStateException("benchmark call failed: " + r.error());
        }
        return r;
    }

    // ------------------------------------------------------------------ raw SDKs

    /**
     * The official OpenAI SDK as an application would build it: its own OkHttp client, no retries.
     *
     * @param stub the stub
     * @return the client
     */
    public static OpenAIClient rawOpenAi(StubServer stub) {
        return OpenAIOkHttpClient.builder().baseUrl(stub.baseUrl() + "/v1").apiKey(DUMMY_KEY).maxRetries(0).build();
    }

    /**
     * The same request the OpenAI adapter sends to a non-OpenAI base URL ({@code max_tokens}).
     *
     * @return the parameters
     */
    public static ChatCompletionCreateParams openAiParams() {
        return ChatCompletionCreateParams.builder().model(OPENAI_MODEL).addSystemMessage(SYSTEM).addUserMessage(USER)
                .temperature(TEMPERATURE).maxTokens((long) MAX_TOKENS).build();
    }

    /**
     * The official Anthropic SDK: its own OkHttp client, no retries.
     *
     * @param stub the stub
     * @return the client
     */
    public static AnthropicClient rawAnthropic(StubServer stub) {
        return AnthropicOkHttpClient.builder().baseUrl(stub.baseUrl()).apiKey(DUMMY_KEY).maxRetries(0).build();
    }

    /** @return the same request the Anthropic adapter sends */
    public static MessageCreateParams anthropicParams() {
        return MessageCreateParams.builder().model(ANTHROPIC_MODEL).maxTokens(MAX_TOKENS).system(SYSTEM)
                .addUserMessage(USER).putAdditionalBodyProperty("temperature", JsonValue.from(TEMPERATURE)).build();
    }

    // ------------------------------------------------------------------ LangChain4j

    /**
     * LangChain4j's OpenAI chat model (its default JDK HTTP client), no retries.
     *
     * @param stub the stub
     * @return the model
     */
    public static OpenAiChatModel langChain4jOpenAi(StubServer stub) {
        return OpenAiChatModel.builder().baseUrl(stub.baseUrl() + "/v1").apiKey(DUMMY_KEY).modelName(OPENAI_MODEL)
                .temperature(TEMPERATURE).maxTokens(MAX_TOKENS).maxRetries(0).timeout(Duration.ofSeconds(60)).build();
    }

    /**
     * LangChain4j's Anthropic chat model (its default JDK HTTP client), no retries.
     *
     * @param stub the stub
     * @return the model
     */
    public static AnthropicChatModel langChain4jAnthropic(StubServer stub) {
        return AnthropicChatModel.builder().baseUrl(stub.baseUrl() + "/v1/").apiKey(DUMMY_KEY).modelName(ANTHROPIC_MODEL)
                .temperature(TEMPERATURE).maxTokens(MAX_TOKENS).maxRetries(0).timeout(Duration.ofSeconds(60)).build();
    }

    /** @return the LangChain4j request: the same two messages */
    public static ChatRequest langChain4jRequest() {
        return ChatRequest.builder().messages(List.of(SystemMessage.from(SYSTEM), UserMessage.from(USER))).build();
    }
}
