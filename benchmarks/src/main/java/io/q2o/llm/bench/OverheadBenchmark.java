package io.q2o.llm.bench;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Area 1, overhead per call: one blocking chat call against the instant loopback stub, from one
 * thread, through {@code LlmService.complete} (cache off), through the raw official SDK making the
 * same request, and through LangChain4j's client for the same provider — for OpenAI and
 * Anthropic. The stub costs the same in every row, so the differences are client-side costs.
 *
 * <p>{@code libraryOnly} is the service on an in-memory provider: the pipeline's own cost with no
 * HTTP, JSON or thread hand-off at all. {@code openAiRawSdkAsync} is the raw SDK's async client
 * (which the adapter used before the engine rewrite), to separate the cost of the async hand-off
 * from the library's. The {@code *RawSdkParamsPerCall} rows build the SDK's request parameters on
 * every call, as the adapters must (a new prompt each time); the {@code *RawSdk} rows reuse one.
 *
 * <p>The warm-up is long (15 x 2 s): at about a millisecond per call the SDKs, the stub and the
 * JIT need some 30 s before the times stop falling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OverheadBenchmark {

    private StubServer stub;
    private LlmService q2oOpenAi;
    private LlmService q2oAnthropic;
    private LlmService q2oInstant;
    private OpenAIClient rawOpenAi;
    private AnthropicClient rawAnthropic;
    private OpenAiChatModel lc4jOpenAi;
    private AnthropicChatModel lc4jAnthropic;
    private LlmRequest request;
    private LlmRequest instantRequest;
    private ChatCompletionCreateParams openAiParams;
    private MessageCreateParams anthropicParams;
    private ChatRequest lc4jRequest;

    /** Starts the stub and every client, and checks that each one gets the answer. */
    @Setup(Level.Trial)
    public void setUp() {
        stub = StubServer.instant();
        q2oOpenAi = Clients.q2o("openai", stub, false);
        q2oAnthropic = Clients.q2o("anthropic", stub, false);
        q2oInstant = LlmService.builder()
                .config(Clients.config(Clients.environment(InstantProvider.NAME, stub, false)))
                .discoverProviders(false)
                .provider(new InstantProvider(), java.util.List.of(Clients.OPENAI_MODEL))
                .build();
        rawOpenAi = Clients.rawOpenAi(stub);
        rawAnthropic = Clients.rawAnthropic(stub);
        lc4jOpenAi = Clients.langChain4jOpenAi(stub);
        lc4jAnthropic = Clients.langChain4jAnthropic(stub);
        request = Clients.request().toBuilder().cachePolicy(CachePolicy.BYPASS).build();
        instantRequest = request;
        openAiParams = Clients.openAiParams();
        anthropicParams = Clients.anthropicParams();
        lc4jRequest = Clients.langChain4jRequest();
        // every client must really get the answer, or the numbers mean nothing
        check(q2oOpenAi_complete().content());
        check(q2oAnthropic_complete().content());
        check(libraryOnly().content());
        check(openAiRawSdk().choices().get(0).message().content().orElse(""));
        check(openAiRawSdkAsync().choices().get(0).message().content().orElse(""));
        check(anthropicRawSdk().content().get(0).text().map(t -> t.text()).orElse(""));
        check(openAiLangChain4j().aiMessage().text());
        check(anthropicLangChain4j().aiMessage().text());
    }

    private static void check(String content) {
        if (!StubServer.ANSWER.equals(content)) {
            throw new IllegalStateException("unexpected answer: " + content);
        }
    }

    private LlmResponse q2oOpenAi_complete() {
        return Clients.ok(q2oOpenAi.complete(request));
    }

    private LlmResponse q2oAnthropic_complete() {
        return Clients.ok(q2oAnthropic.complete(request));
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        q2oOpenAi.close();
        q2oAnthropic.close();
        q2oInstant.close();
        rawOpenAi.close();
        rawAnthropic.close();
        stub.close();
    }

    /** @return the answer through {@code LlmService.complete}, OpenAI adapter, cache off */
    @Benchmark
    public LlmResponse openAiQ2o() {
        return Clients.ok(q2oOpenAi.complete(request));
    }

    /** @return the answer through the official OpenAI SDK's blocking client */
    @Benchmark
    public ChatCompletion openAiRawSdk() {
        return rawOpenAi.chat().completions().create(openAiParams);
    }

    /**
     * @return the answer through the official OpenAI SDK's blocking client, with the request
     *         parameters built for this call as an application (and the adapter) must do for each
     *         new prompt; {@link #openAiRawSdk()} reuses one prebuilt parameters object
     */
    @Benchmark
    public ChatCompletion openAiRawSdkParamsPerCall() {
        return rawOpenAi.chat().completions().create(Clients.openAiParams());
    }

    /** @return the answer through the official OpenAI SDK's async client, awaited */
    @Benchmark
    public ChatCompletion openAiRawSdkAsync() {
        return rawOpenAi.async().chat().completions().create(openAiParams).join();
    }

    /** @return the answer through LangChain4j's OpenAiChatModel */
    @Benchmark
    public ChatResponse openAiLangChain4j() {
        return lc4jOpenAi.chat(lc4jRequest);
    }

    /** @return the answer through {@code LlmService.complete}, Anthropic adapter, cache off */
    @Benchmark
    public LlmResponse anthropicQ2o() {
        return Clients.ok(q2oAnthropic.complete(request));
    }

    /** @return the answer through the official Anthropic SDK's blocking client */
    @Benchmark
    public Message anthropicRawSdk() {
        return rawAnthropic.messages().create(anthropicParams);
    }

    /** @return the answer through the official Anthropic SDK's blocking client, parameters built for this call */
    @Benchmark
    public Message anthropicRawSdkParamsPerCall() {
        return rawAnthropic.messages().create(Clients.anthropicParams());
    }

    /** @return the answer through LangChain4j's AnthropicChatModel */
    @Benchmark
    public ChatResponse anthropicLangChain4j() {
        return lc4jAnthropic.chat(lc4jRequest);
    }

    /** @return the answer through {@code LlmService.complete} on an in-memory provider: the library alone */
    @Benchmark
    public LlmResponse libraryOnly() {
        return Clients.ok(q2oInstant.complete(instantRequest));
    }
}
