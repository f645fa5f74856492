package io.q2o.llm;

import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

class ListenerTest {

    /** Records every callback as one line. */
    static final class Recorder implements LlmListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> ids = new CopyOnWriteArrayList<>();

        @Override
        public void onRequestStart(RequestStart e) {
            ids.add(e.requestId());
            events.add("start " + e.request().userPrompt() + (e.streaming() ? " stream" : ""));
        }

        @Override
        public void onAttempt(AttemptEvent e) {
            ids.add(e.requestId());
            events.add("attempt#" + e.number() + " " + e.attempt().provider() + " " + e.attempt().outcome()
                    + (e.attempt().error() == null ? "" : " " + e.attempt().error()));
        }

        @Override
        public void onFallback(FallbackEvent e) {
            ids.add(e.requestId());
            events.add("fallback " + e.fromProvider() + "->" + e.toProvider() + " " + e.reason());
        }

        @Override
        public void onCacheHit(CallEvent e) {
            ids.add(e.requestId());
            events.add("cache-hit");
        }

        @Override
        public void onResponse(CallEvent e) {
            ids.add(e.requestId());
            events.add("response " + (e.response().success() ? "ok " + e.response().provider()
                    : e.response().error().kind()) + (e.counted() ? " counted" : ""));
        }

        @Override
        public void onCostAlert(CostAlert alert) {
            events.add("alert " + alert.dailyCost().toPlainString());
        }

        @Override
        public void onBudgetExhausted(BudgetEvent e) {
            ids.add(e.requestId());
            events.add("budget " + e.error().code());
        }
    }

    @Test
    void successFallbackCacheHitAndFailureAreReportedInOrder() {
        Recorder rec = new Recorder();
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0").set("Q2O_LLM_CACHE_ENABLED", "true")
                .set("Q2O_LLM_COST_ALERT", "0.00001");
        fx.alerts.add(rec);
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-flash", new ServerErrorException("gemini", 503, null, "down", null));
        openai.answer("gpt-4o-mini", "ok", TokenCounts.of(100, 100));
        gemini.fail("gemini-2.5-flash", new InvalidRequestException("gemini", 400, "bad", null));
        try (LlmService llm = fx.build()) {
            llm.complete(req("one"));
            llm.complete(req("one"));
            llm.complete(req("two"));
        }
        assertThat(rec.events).containsExactly(
                "start one",
                "attempt#1 gemini FAILED SERVER_ERROR",
                "fallback gemini->openai SERVER_ERROR",
                "attempt#2 openai SUCCESS",
                "alert 0.000075",
                "response ok openai counted",
                "start one",
                "cache-hit",
                "response ok openai",
                "start two",
                "attempt#1 gemini FAILED INVALID_REQUEST",
                "response INVALID_REQUEST counted");
    }

    @Test
    void budgetRefusalsAreReported() {
        Recorder rec = new Recorder();
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "0.000001");
        fx.alerts.add(rec);
        fx.provider("gemini", "gpt-4o-mini");
        try (LlmService llm = fx.build()) {
            llm.complete(req("x"));
        }
        assertThat(rec.events).as("a refused call is never counted against the daily limit")
                .containsExactly("start x", "budget budget", "response BUDGET_EXCEEDED");
        assertThat(rec.ids).hasSize(3).containsOnly(rec.ids.get(0));
    }

    @Test
    void aThrowingListenerNeitherBreaksTheCallNorStopsOtherListeners() {
        Recorder rec = new Recorder();
        Fixture fx = new Fixture();
        fx.alerts.add(new LlmListener() {
            @Override
            public void onRequestStart(RequestStart event) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onResponse(CallEvent event) {
                throw new IllegalStateException("boom");
            }
        });
        fx.alerts.add(rec);
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("fine", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("x")).content()).isEqualTo("fine");
        }
        assertThat(rec.events).containsExactly("start x", "attempt#1 gemini SUCCESS", "response ok gemini counted");
    }

    @Test
    void aRequestRejectedForAnUnknownProviderProducesNoEvents() {
        Recorder rec = new Recorder();
        Fixture fx = new Fixture();
        fx.alerts.add(rec);
        fx.provider("gemini", "gemini-2.5-flash");
        try (LlmService llm = fx.build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> llm.complete(LlmRequest.builder().userPrompt("x").provider("nope").build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(rec.events).isEmpty();
    }
}
