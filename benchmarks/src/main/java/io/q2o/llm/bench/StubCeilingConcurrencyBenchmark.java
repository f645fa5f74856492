package io.q2o.llm.bench;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Fork;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling of {@link ConcurrencyBenchmark} on this machine: the same closed loop against the
 * same delayed stub, but each call is a bare OkHttp POST of the same JSON body (no SDK, no
 * library, no JSON parsing; dispatcher limit 4096, a pool that keeps every connection). The stub
 * and the client share the machine's CPUs, so this is the most any client can reach here; read
 * the library's rows against it as well as against the ideal N / 0.05 s.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
public class StubCeilingConcurrencyBenchmark extends ConcurrencyBenchmark {
    private static final MediaType JSON = MediaType.get("application/json");

    private OkHttpClient http;
    private Request post;

    @Override
    protected void setUpClient(StubServer stub) {
        http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(4096, 5, TimeUnit.MINUTES)).build();
        http.dispatcher().setMaxRequests(4096);
        http.dispatcher().setMaxRequestsPerHost(4096);
        String body = "{\"model\":\"" + Clients.OPENAI_MODEL + "\",\"messages\":[{\"role\":\"system\",\"content\":\""
                + Clients.SYSTEM + "\"},{\"role\":\"user\",\"content\":\"" + Clients.USER + "\"}],\"temperature\":"
                + Clients.TEMPERATURE + ",\"max_tokens\":" + Clients.MAX_TOKENS + "}";
        post = new Request.Builder().url(stub.baseUrl() + "/v1/chat/completions")
                .header("Authorization", "Bearer " + Clients.DUMMY_KEY)
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON)).build();
    }

    @Override
    protected CompletableFuture<String> callOnce() {
        CompletableFuture<String> f = new CompletableFuture<>();
        http.newCall(post).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                f.complete(e.toString());
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (Response r = response; ResponseBody b = r.body()) {
                    b.bytes();
                    f.complete(r.code() == 200 ? null : "HTTP " + r.code());
                } catch (IOException e) {
                    f.complete(e.toString());
                }
            }
        });
        return f;
    }

    @Override
    protected void tearDownClient() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
