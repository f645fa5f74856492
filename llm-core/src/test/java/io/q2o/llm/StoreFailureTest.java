package io.q2o.llm;

import io.q2o.llm.spi.UsageCounterStore;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

class StoreFailureTest {

    /** A shared store whose backend is down. */
    static final class DownStore implements UsageCounterStore {
        @Override
        public boolean tryCountCall(String period, long limit) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public long calls(String period) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public boolean tryReserve(List<String> periods, List<BigDecimal> limits, BigDecimal amount) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public List<BigDecimal> commit(List<String> periods, BigDecimal reserved, BigDecimal actual) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public BigDecimal cost(String period) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public void seed(String period, long calls, BigDecimal cost) {
            throw new IllegalStateException("connection refused");
        }
    }

    private static LlmService service(Fixture fx) {
        LlmService.Builder b = LlmService.builder().config(fx.config()).discoverProviders(false).clock(fx.clock)
                .scheduler(fx.scheduler).executor(Runnable::run).counterStore(new DownStore());
        b.provider(new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(1, 1)), List.of("gpt-4o-mini"));
        return b.build();
    }

    @Test
    void theDailyLimitFailsClosedWhenItCannotBeChecked() {
        try (LlmService llm = service(new Fixture().set("Q2O_LLM_DAILY_LIMIT", "100"))) {
            LlmResponse r = llm.complete(req("x"));
            assertThat(r.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(r.error().code()).isEqualTo("store-unavailable");
            assertThat(r.error().message()).contains("Q2O_LLM_DAILY_LIMIT").contains("connection refused");
        }
    }

    @Test
    void aHardBudgetFailsClosedWhenItCannotBeChecked() {
        try (LlmService llm = service(new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "5"))) {
            LlmResponse r = llm.complete(req("x"));
            assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            assertThat(r.error().code()).isEqualTo("store-unavailable");
        }
    }

    @Test
    void withoutLimitsCallsGoAheadAndTheAnswerIsKept() {
        try (LlmService llm = service(new Fixture())) {
            LlmResponse r = llm.complete(req("x"));
            assertThat(r.success()).isTrue();
            assertThat(r.content()).isEqualTo("ok");
        }
    }
}
