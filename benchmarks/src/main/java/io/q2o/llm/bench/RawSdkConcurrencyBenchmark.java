package io.q2o.llm.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Fork;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The official OpenAI SDK alone in {@link ConcurrencyBenchmark}'s closed loop: its blocking client
 * called on the same kind of executor the library's {@code completeAsync} uses (a virtual thread
 * per call on Java 21+, else a pool of {@code inFlight} platform threads), over an OkHttp client
 * that keeps every connection, with the request parameters built once. This is what the SDK's own
 * per-call work (request and response JSON, its HTTP layers) allows on this machine, to read the
 * library's row against beside the bare OkHttp ceiling of {@link StubCeilingConcurrencyBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RawSdkConcurrencyBenchmark extends ConcurrencyBenchmark {

    private OkHttpClient http;
    private OpenAIClient sdk;
    private ExecutorService executor;
    private ChatCompletionCreateParams params;

    @Override
    protected void setUpClient(StubServer stub) {
        http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(4096, 5, TimeUnit.MINUTES)).build();
        sdk = OpenAIOkHttpClient.builder().okHttpClient(http).baseUrl(stub.baseUrl() + "/v1")
                .apiKey(Clients.DUMMY_KEY).maxRetries(0).build();
        params = Clients.openAiParams();
        executor = newExecutor(inFlight);
    }

    /** A virtual thread per task where the JVM has them (Java 21+), else a fixed pool. */
    private static ExecutorService newExecutor(int threads) {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newFixedThreadPool(threads);
        }
    }

    @Override
    protected CompletableFuture<String> callOnce() {
        return CompletableFuture.supplyAsync(() -> {
            String content = sdk.chat().completions().create(params).choices().get(0).message().content().orElse("");
            return StubServer.ANSWER.equals(content) ? null : "unexpected answer: " + content;
        }, executor);
    }

    @Override
    protected void tearDownClient() {
        executor.shutdownNow();
        sdk.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
