package io.q2o.llm.internal.call;

import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.internal.Periods;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.spi.UsageCounterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily call limit ({@code Q2O_LLM_DAILY_LIMIT}): counts the call before it is sent and
 * refuses it once the day's count is reached. It counts only calls that are sent: it runs after the
 * cache and the budget (a hit or a budget refusal is never counted), and a call whose every
 * candidate was then skipped (open breakers, rate limits) is taken back. A counter store that
 * fails refuses the call when a limit is set (fail closed) and lets it through otherwise.
 */
final class DailyLimitStep implements CallStep {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final LlmConfig config;
    private final UsageCounterStore store;
    private final Periods periods;
    private final Redactor redactor;

    DailyLimitStep(LlmConfig config, UsageCounterStore store, Periods periods, Redactor redactor) {
        this.config = config;
        this.store = store;
        this.periods = periods;
        this.redactor = redactor;
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        if (call.plan().candidates().isEmpty()) {
            return next.proceed(call);
        }
        String day = periods.dayKey();
        boolean counted;
        try {
            counted = store.tryCountCall(day, config.dailyLimit());
        } catch (RuntimeException e) {
            if (config.dailyLimit() > 0) {
                return LlmResponse.failure(new LlmError(ErrorKind.RATE_LIMITED, "store-unavailable",
                        "the daily limit (Q2O_LLM_DAILY_LIMIT) cannot be checked because the usage counter store "
                        + "failed: " + redactor.redact(String.valueOf(e)), null), call.attempts());
            }
            log.warn("The usage counter store failed; the call goes ahead because no daily limit is set: {}", e.toString());
            call.counted(true);
            return next.proceed(call);
        }
        if (!counted) {
            return LlmResponse.failure(new LlmError(ErrorKind.RATE_LIMITED, "daily-limit", "daily limit of "
                    + config.dailyLimit() + " LLM calls reached (Q2O_LLM_DAILY_LIMIT); it resets at midnight "
                    + config.zone(), null), call.attempts());
        }
        call.counted(true);
        LlmResponse r = next.proceed(call);
        if (!reachedProvider(call)) {
            call.counted(false);
            try {
                store.releaseCall(day);
            } catch (RuntimeException e) {
                log.warn("The usage counter store failed to take back an unsent call: {}", e.toString());
            }
        }
        return r;
    }

    private static boolean reachedProvider(Call call) {
        for (Attempt a : call.attempts()) {
            if (a.outcome() == Attempt.Outcome.SUCCESS || a.outcome() == Attempt.Outcome.FAILED) {
                return true;
            }
        }
        return false;
    }
}
