package io.q2o.llm.mcp;

import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmListener.ToolCallEvent;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolLoopResult;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.AutoAdvanceScheduler;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool loop with scripted model answers that call tools of a real MCP server, end to end. */
class McpToolLoopTest {
    private static final String MODEL = "gpt-4o-mini";
    private final TestClock clock = TestClock.standard();
    private final ScriptedProvider openai = new ScriptedProvider("openai").waitsOn(new AutoAdvanceScheduler(clock));
    private final List<ToolCallEvent> events = new CopyOnWriteArrayList<>();

    private LlmService service() {
        LlmConfig config = LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_PRIMARY", "openai").set("Q2O_LLM_FALLBACK", "none").set("Q2O_LLM_AUTO_FALLBACK", "false")
                .set("Q2O_LLM_CACHE_ENABLED", "false").set("Q2O_LLM_DAILY_LIMIT", "0").set("Q2O_LLM_MAX_RETRIES", "0")
                .build();
        return LlmService.builder().config(config).discoverProviders(false).clock(clock).executor(Runnable::run)
                .provider(openai, List.of(MODEL)).build();
    }

    private static ProviderResponse calls(ToolCall... calls) {
        return new ProviderResponse("", MODEL, FinishReason.TOOL_CALLS, TokenCounts.of(120, 20), List.of(calls), List.of());
    }

    private McpToolSource everything(McpServerSpec.Builder spec) {
        return McpToolSource.builder().server(spec.prefix("ev_").allowTools("get-sum", "echo").build())
                .listener(new LlmListener() {
                    @Override
                    public void onToolCall(ToolCallEvent event) {
                        events.add(event);
                    }
                }).build();
    }

    @Test
    void theModelCallsAnMcpToolAndAnswersWithItsResult() {
        openai.answer(MODEL, calls(new ToolCall("call-1", "ev_get-sum", "{\"a\":1234,\"b\":4321}")));
        openai.answer(MODEL, new ProviderResponse("The sum is 5555.", MODEL, FinishReason.STOP, TokenCounts.of(160, 8)));
        try (LlmService llm = service(); McpToolSource mcp = everything(NodeServers.everything("everything"))) {
            ToolLoopResult r = mcp.addTo(llm.toolLoop()).build()
                    .run(LlmRequest.of("Use the tools.", "What is 1234 + 4321?"));

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.content()).isEqualTo("The sum is 5555.");
            assertThat(openai.requests().get(0).tools()).extracting(ToolDefinition::name)
                    .containsExactlyInAnyOrder("ev_get-sum", "ev_echo");
            ToolResultMessage result = (ToolResultMessage) openai.requests().get(1).messages().get(3);
            assertThat(result.toolName()).isEqualTo("ev_get-sum");
            assertThat(result.error()).isFalse();
            assertThat(result.content()).contains("5555");
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.tool()).isEqualTo("ev_get-sum");
                assertThat(e.server()).isEqualTo("everything");
                assertThat(e.outcome()).isEqualTo(ToolCallEvent.Outcome.SUCCESS);
            });
        }
    }

    @Test
    void aServerKilledMidLoopBecomesAToolErrorTheModelReadsAndTheLoopGoesOn() {
        AtomicInteger step = new AtomicInteger();
        openai.byDefault(request -> switch (step.incrementAndGet()) {
            case 1 -> calls(new ToolCall("call-1", "ev_echo", "{\"message\":\"first\"}"));
            case 2 -> {
                assertThat(NodeServers.kill("server-everything")).isEqualTo(1);
                yield calls(new ToolCall("call-2", "ev_echo", "{\"message\":\"second\"}"));
            }
            default -> new ProviderResponse("The echo server failed the second time.", MODEL, FinishReason.STOP,
                    TokenCounts.of(200, 8));
        });
        try (LlmService llm = service();
             McpToolSource mcp = everything(NodeServers.everything("everything").maxRestarts(0))) {
            ToolLoopResult r = mcp.addTo(llm.toolLoop()).build().run(LlmRequest.of("Use the tools.", "Echo twice."));

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            List<ToolResultMessage> results = r.conversation().stream().filter(ToolResultMessage.class::isInstance)
                    .map(ToolResultMessage.class::cast).toList();
            assertThat(results).hasSize(2);
            assertThat(results.get(0).error()).isFalse();
            assertThat(results.get(0).content()).contains("first");
            assertThat(results.get(1).error()).isTrue();
            assertThat(results.get(1).content()).contains("MCP server 'everything'").contains("exited");
            assertThat(events).extracting(ToolCallEvent::outcome)
                    .containsExactly(ToolCallEvent.Outcome.SUCCESS, ToolCallEvent.Outcome.SERVER_UNAVAILABLE);
        }
    }
}
