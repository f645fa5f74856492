package io.q2o.llm;

import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolLoopTest {

    record CityArgs(String city) {
    }

    record Sum(int a, int b) {
    }

    private final Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0");
    private final ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
    private final ScriptedProvider openai = fx.provider("openai", "gpt-4o");
    private final List<String> weatherCalls = new ArrayList<>();

    private Tool weather() {
        return Tool.of("weather", "Current temperature of a city", CityArgs.class, a -> {
            weatherCalls.add(a.city());
            return new Temperature(a.city(), a.city().length());
        });
    }

    record Temperature(String city, int celsius) {
    }

    private final Tool add = Tool.of("add", "Adds two integers", Sum.class, s -> s.a() + s.b());

    private static ProviderResponse calls(String model, int in, int out, ToolCall... calls) {
        return new ProviderResponse("", model, FinishReason.TOOL_CALLS, TokenCounts.of(in, out), List.of(calls), List.of());
    }

    private static ProviderResponse answer(String model, String text, int in, int out) {
        return new ProviderResponse(text, model, FinishReason.STOP, TokenCounts.of(in, out));
    }

    private static LlmRequest question() {
        return LlmRequest.of("Use tools.", "How warm is it in Oslo and Rome, and what is 2+3?");
    }

    @Test
    void runsParallelToolCallsAndSendsTheResultsBackUntilTheFinalAnswer() {
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 100, 30,
                new ToolCall("c1", "weather", "{\"city\":\"Oslo\"}"),
                new ToolCall("c2", "weather", "{\"city\":\"Rome\"}"),
                new ToolCall("c3", "add", "{\"a\":2,\"b\":3}")));
        gemini.answer("gpt-4o-mini", answer("gpt-4o-mini", "Oslo 4, Rome 4, and 5.", 200, 20));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(weather()).tool(add).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.content()).isEqualTo("Oslo 4, Rome 4, and 5.");
            assertThat(weatherCalls).containsExactly("Oslo", "Rome");
            assertThat(r.toolCalls()).isEqualTo(3);
            ProviderRequest second = gemini.requests().get(1);
            assertThat(second.tools()).extracting(ToolDefinition::name).containsExactly("weather", "add");
            List<ChatMessage> m = second.messages();
            assertThat(m).hasSize(6);
            assertThat(((AssistantMessage) m.get(2)).toolCalls()).hasSize(3);
            assertThat(m.get(3)).isEqualTo(new ToolResultMessage("c1", "weather", "{\"city\":\"Oslo\",\"celsius\":4}", false));
            assertThat(m.get(5)).isEqualTo(new ToolResultMessage("c3", "add", "5", false));
            assertThat(r.conversation()).hasSize(7).last().isEqualTo(ChatMessage.assistant("Oslo 4, Rome 4, and 5."));
        }
    }

    @Test
    void costOfTheLoopIsTheSumOfItsSteps() {
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 1000, 50, new ToolCall("c1", "add", "{\"a\":1,\"b\":1}")));
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 1200, 40, new ToolCall("c2", "add", "{\"a\":2,\"b\":2}")));
        gemini.answer("gpt-4o-mini", answer("gpt-4o-mini", "2 and 4", 1400, 10));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(add).build().run(question());

            assertThat(r.steps()).hasSize(3);
            BigDecimal sum = BigDecimal.ZERO;
            for (LlmResponse step : r.steps()) {
                sum = sum.add(step.usage().totalCost().orElseThrow());
            }
            assertThat(sum).isPositive();
            assertThat(r.totalCost()).contains(sum);
            assertThat(s.usageStats().totalCost()).isEqualByComparingTo(sum);
        }
    }

    @Test
    void providerFailureAtStepTwoFallsBackAndTheSameConversationContinues() {
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 100, 30, new ToolCall("g1", "weather", "{\"city\":\"Oslo\"}")));
        gemini.fail("gpt-4o-mini", new ServerErrorException("gemini", 503, null, "overloaded", null));
        openai.answer("gpt-4o", answer("gpt-4o", "It is 4 degrees in Oslo.", 150, 12));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(weather()).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.response().provider()).isEqualTo("openai");
            assertThat(r.steps()).extracting(LlmResponse::provider).containsExactly("gemini", "openai");
            ProviderRequest failed = gemini.requests().get(1);
            ProviderRequest continued = openai.requests().get(0);
            assertThat(continued.messages()).isEqualTo(failed.messages());
            assertThat(continued.messages()).hasSize(4);
            assertThat(continued.messages().get(3)).isEqualTo(new ToolResultMessage("g1", "weather",
                    "{\"city\":\"Oslo\",\"celsius\":4}", false));
            assertThat(continued.tools()).isEqualTo(failed.tools());
            assertThat(r.totalCost()).contains(r.steps().get(0).usage().totalCost().orElseThrow()
                    .add(r.steps().get(1).usage().totalCost().orElseThrow()));
        }
    }

    @Test
    void throwingToolBecomesAToolErrorResultAndTheLoopGoesOn() {
        Tool broken = Tool.of("broken", "always fails", CityArgs.class, a -> {
            throw new IllegalStateException("database down for " + a.city());
        });
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 10, 5, new ToolCall("c1", "broken", "{\"city\":\"Oslo\"}")));
        gemini.answer("gpt-4o-mini", answer("gpt-4o-mini", "Sorry, no data.", 10, 5));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(broken).maxToolErrors(0).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            ToolResultMessage result = (ToolResultMessage) gemini.requests().get(1).messages().get(3);
            assertThat(result.error()).isTrue();
            assertThat(result.content()).contains("IllegalStateException").contains("database down for Oslo");
        }
    }

    @Test
    void unknownToolsAndInvalidArgumentsGoBackToTheModelAsErrors() {
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 10, 5,
                new ToolCall("c1", "wether", "{\"city\":\"Oslo\"}"),
                new ToolCall("c2", "add", "{\"a\":\"two\",\"b\":3}"),
                new ToolCall("c3", "add", "{not json")));
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 10, 5, new ToolCall("c4", "add", "{\"a\":2,\"b\":3}")));
        gemini.answer("gpt-4o-mini", answer("gpt-4o-mini", "5", 10, 5));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(weather()).tool(add).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            List<ChatMessage> m = gemini.requests().get(1).messages();
            ToolResultMessage unknown = (ToolResultMessage) m.get(3);
            assertThat(unknown.error()).isTrue();
            assertThat(unknown.content()).contains("unknown tool 'wether'").contains("add, weather");
            ToolResultMessage badType = (ToolResultMessage) m.get(4);
            assertThat(badType.error()).isTrue();
            assertThat(badType.content()).contains("invalid arguments for tool 'add'").contains("integer");
            assertThat(((ToolResultMessage) m.get(5)).content()).contains("not valid JSON");
            assertThat(weatherCalls).isEmpty();
        }
    }

    @Test
    void tooManyToolErrorsEndTheLoop() {
        gemini.byDefault(req -> calls("gpt-4o-mini", 10, 5,
                new ToolCall("x" + req.messages().size(), "nope", "{}")));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(add).maxToolErrors(2).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.TOO_MANY_TOOL_ERRORS);
            assertThat(r.steps()).hasSize(3);
            assertThat(r.success()).isFalse();
            assertThat(r.content()).isEmpty();
        }
    }

    @Test
    void stepLimitEndsALoopThatNeverAnswers() {
        gemini.byDefault(req -> calls("gpt-4o-mini", 10, 5, new ToolCall("same-id", "add", "{\"a\":1,\"b\":2}")));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(add).maxSteps(4).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.STEP_LIMIT);
            assertThat(r.steps()).hasSize(4);
            assertThat(gemini.calls()).isEqualTo(4);
            List<String> ids = r.conversation().stream().filter(AssistantMessage.class::isInstance)
                    .flatMap(a -> ((AssistantMessage) a).toolCalls().stream()).map(ToolCall::id).toList();
            assertThat(ids).hasSize(4).doesNotHaveDuplicates();
        }
    }

    @Test
    void loopBudgetIsAHardBoundEvenWhenEveryStepUsesItsWholeOutputLimit() {
        // the model calls a tool on every step and writes as much as each step allows
        gemini.byDefault(req -> calls("gpt-4o-mini", 400, req.maxTokens(), new ToolCall("c" + req.messages().size(), "add",
                "{\"a\":1,\"b\":2}")));
        BigDecimal budget = new BigDecimal("0.012");
        try (LlmService s = fx.set("Q2O_LLM_FALLBACK", "none").build()) {
            ToolLoopResult r = s.toolLoop().tool(add).maxSteps(50).budget(budget).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.BUDGET_EXCEEDED);
            assertThat(r.totalCost().orElseThrow()).isLessThanOrEqualTo(budget);
            List<LlmResponse> paid = r.steps().stream().filter(LlmResponse::success).toList();
            assertThat(paid).hasSizeGreaterThan(2);
            assertThat(paid.get(0).maxTokensClamped()).as("the first step fits whole").isEmpty();
            assertThat(paid.get(paid.size() - 1).maxTokensClamped()).as("the last paid step was cut to fit").isPresent();
            LlmResponse refused = r.steps().get(r.steps().size() - 1);
            assertThat(refused.success()).isFalse();
            assertThat(refused.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            assertThat(refused.error().code()).isEqualTo("cost-cap");
            assertThat(gemini.calls()).as("the refused step reached no provider").isEqualTo(paid.size());
            assertThat(r.message()).contains("loop budget");
        }
    }

    @Test
    void aRequestCostCapLowersTheOutputLimitOrRefusesWithoutAProviderCall() {
        gemini.byDefault(req -> answer("gpt-4o-mini", "ok", 50, req.maxTokens()));
        try (LlmService s = fx.set("Q2O_LLM_FALLBACK", "none").build()) {
            LlmResponse whole = s.complete(question().toBuilder().maxTokens(1000).maxCost(new BigDecimal("0.01")).build());
            LlmResponse cut = s.complete(question().toBuilder().maxTokens(8000).maxCost(new BigDecimal("0.001")).build());
            LlmResponse refused = s.complete(question().toBuilder().maxCost(new BigDecimal("0.00001")).build());

            assertThat(whole.success()).isTrue();
            assertThat(whole.maxTokensClamped()).isEmpty();
            assertThat(cut.success()).isTrue();
            assertThat(cut.maxTokensClamped()).isPresent();
            assertThat(cut.usage().totalCost().orElseThrow()).isLessThanOrEqualTo(new BigDecimal("0.001"));
            assertThat(gemini.requests().get(1).maxTokens()).isEqualTo(cut.maxTokensClamped().getAsInt()).isLessThan(8000);
            assertThat(refused.success()).isFalse();
            assertThat(refused.error().code()).isEqualTo("cost-cap");
            assertThat(refused.error().message()).contains("cost cap of $0.00001");
            assertThat(gemini.calls()).isEqualTo(2);
            assertThatThrownBy(() -> question().toBuilder().maxCost(BigDecimal.ZERO).build()).hasMessageContaining("maxCost");
            assertThatThrownBy(() -> question().toBuilder().maxCost(new BigDecimal("1e-999999999")).build())
                    .hasMessageContaining("maxCost").hasMessageContaining("1E-999999999");
        }
    }

    @Test
    void misuseFailsClearly() {
        try (LlmService s = fx.build()) {
            assertThatThrownBy(() -> s.toolLoop().build()).hasMessageContaining("at least one tool");
            assertThatThrownBy(() -> s.toolLoop().tool(add).tool(add)).hasMessageContaining("'add' is already registered");
            assertThatThrownBy(() -> s.toolLoop().maxSteps(0)).hasMessageContaining("maxSteps");
            assertThatThrownBy(() -> s.toolLoop().tool(add).build().run(question().toBuilder()
                    .tools(List.of(ToolDefinition.of("other", "", "{\"type\":\"object\"}"))).build()))
                    .hasMessageContaining("'other'");
            assertThatThrownBy(() -> Tool.fromMethod("x", this, "missing")).hasMessageContaining("'missing'");
        }
    }

    /** Used by {@link #toolFromAMethodIsNamedAfterIt}. */
    public int twice(Sum s) {
        return 2 * (s.a() + s.b());
    }

    @Test
    void toolFromAMethodIsNamedAfterIt() throws Exception {
        Tool t = Tool.fromMethod("doubles a sum", this, "twice");
        assertThat(t.definition().name()).isEqualTo("twice");
        assertThat(t.invoke("{\"a\":1,\"b\":2}")).isEqualTo("6");
    }

    record Booking(String city, java.time.LocalDate day, java.util.Optional<Integer> nights) {
    }

    @Test
    void toolArgumentsAndResultsWithDatesAndOptionalsTravelAsIsoTextAndNull() {
        List<Booking> seen = new ArrayList<>();
        Tool book = Tool.of("book", "Books a hotel", Booking.class, b -> {
            seen.add(b);
            return new Booking(b.city(), b.day().plusDays(b.nights().orElse(1)), java.util.Optional.empty());
        });
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 10, 5,
                new ToolCall("c1", "book", "{\"city\":\"Oslo\",\"day\":\"2025-03-30\",\"nights\":2}"),
                new ToolCall("c2", "book", "{\"city\":\"Rome\",\"day\":\"2025-04-01\",\"nights\":null}")));
        gemini.answer("gpt-4o-mini", answer("gpt-4o-mini", "Booked.", 10, 5));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(book).maxToolErrors(0).build().run(question());

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(seen).containsExactly(
                    new Booking("Oslo", java.time.LocalDate.of(2025, 3, 30), java.util.Optional.of(2)),
                    new Booking("Rome", java.time.LocalDate.of(2025, 4, 1), java.util.Optional.empty()));
            List<ChatMessage> m = gemini.requests().get(1).messages();
            assertThat(m.get(3)).isEqualTo(new ToolResultMessage("c1", "book",
                    "{\"city\":\"Oslo\",\"day\":\"2025-04-01\",\"nights\":null}", false));
            assertThat(m.get(4)).isEqualTo(new ToolResultMessage("c2", "book",
                    "{\"city\":\"Rome\",\"day\":\"2025-04-02\",\"nights\":null}", false));
        }
    }

    @Test
    void runAsyncGivesTheSameOutcomeWithoutBlockingTheCaller() {
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 100, 30,
                new ToolCall("c1", "weather", "{\"city\":\"Oslo\"}"),
                new ToolCall("c2", "add", "{\"a\":2,\"b\":3}")));
        gemini.fail("gpt-4o-mini", new ServerErrorException("gemini", 503, null, "overloaded", null));
        openai.answer("gpt-4o", answer("gpt-4o", "Oslo 4, and 5.", 150, 12));
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(weather()).tool(add).build().runAsync(question()).join();

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.content()).isEqualTo("Oslo 4, and 5.");
            assertThat(r.steps()).extracting(LlmResponse::provider).containsExactly("gemini", "openai");
            assertThat(weatherCalls).containsExactly("Oslo");
            assertThat(openai.requests().get(0).messages()).hasSize(5)
                    .element(4).isEqualTo(new ToolResultMessage("c2", "add", "5", false));
            assertThat(r.totalCost()).contains(r.steps().get(0).usage().totalCost().orElseThrow()
                    .add(r.steps().get(1).usage().totalCost().orElseThrow()));
        }
    }

    @Test
    void aStreamedLoopSendsEveryStepsEventsToTheListener() {
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 100, 30, new ToolCall("c1", "add", "{\"a\":2,\"b\":3}")));
        gemini.answer("gpt-4o-mini", calls("gpt-4o-mini", 120, 30, new ToolCall("c2", "add", "{\"a\":5,\"b\":5}")));
        gemini.answer("gpt-4o-mini", answer("gpt-4o-mini", "The sum is 10.", 150, 12));
        List<StreamEvent> events = new ArrayList<>();
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(add).build().stream(question(), StreamListener.ofEvents(events::add)).join();

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.content()).isEqualTo("The sum is 10.");
            assertThat(r.steps()).hasSize(3);
            StringBuilder args = new StringBuilder();
            StringBuilder text = new StringBuilder();
            int completed = 0;
            for (StreamEvent e : events) {
                if (e instanceof ToolCallDelta d) {
                    args.append(d.argumentsDelta()).append(d.id() == null ? "" : "|" + d.id() + "|");
                } else if (e instanceof StreamEvent.TextDelta t) {
                    text.append(t.text());
                } else if (e instanceof StreamEvent.Completed) {
                    completed++;
                }
            }
            assertThat(args.toString()).isEqualTo("{\"a\":2|c1|,\"b\":3}{\"a\":5|c2|,\"b\":5}");
            assertThat(text.toString()).isEqualTo("The sum is 10.");
            assertThat(completed).isEqualTo(3);
            List<ChatMessage> third = gemini.requests().get(2).messages();
            assertThat(third.get(third.size() - 1)).isEqualTo(new ToolResultMessage("c2", "add", "10", false));
        }
    }

    @Test
    void theAsyncAndStreamedLoopsKeepTheLimits() {
        gemini.byDefault(req -> calls("gpt-4o-mini", 10, 5, new ToolCall("same-id", "add", "{\"a\":1,\"b\":2}")));
        try (LlmService s = fx.build()) {
            ToolLoop loop = s.toolLoop().tool(add).maxSteps(3).build();

            assertThat(loop.runAsync(question()).join().status()).isEqualTo(ToolLoopResult.Status.STEP_LIMIT);
            assertThat(loop.stream(question(), t -> { }).join().steps()).hasSize(3);
            assertThat(gemini.calls()).isEqualTo(6);
            assertThatThrownBy(() -> loop.runAsync(question().toBuilder()
                    .tools(List.of(ToolDefinition.of("other", "", "{\"type\":\"object\"}"))).build()))
                    .hasMessageContaining("'other'");
        }
    }
}
