package io.q2o.llm.internal.call;

import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmError;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.internal.ProviderHandle;
import io.q2o.llm.spi.ProviderException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns how a call failed into the one-line {@link LlmError} the caller reads: the last failure,
 * with a summary of every attempt ({@code gemini/gemini-2.5-pro SERVER_ERROR x3, openai/... }),
 * or why no provider could be used and which variable to set.
 */
final class FailureReport {
    private final Redactor redactor;
    private final Map<String, ProviderHandle> handles;
    private final Map<String, String> unusable;
    private final Map<String, String> keyVariables;

    FailureReport(Redactor redactor, Map<String, ProviderHandle> handles, Map<String, String> unusable,
                  Map<String, String> keyVariables) {
        this.redactor = redactor;
        this.handles = Map.copyOf(handles);
        this.unusable = Map.copyOf(unusable);
        this.keyVariables = Map.copyOf(keyVariables);
    }

    LlmError noProvider(Plan plan) {
        List<String> reasons = new java.util.ArrayList<>();
        for (String name : plan.chain()) {
            String why = unusable.get(name);
            if (why != null) {
                reasons.add(name + ": " + why);
            } else if (!handles.containsKey(name)) {
                reasons.add(name + ": no adapter on the classpath (add io.q2o:llm-" + name + ")");
            }
        }
        Set<String> vars = new LinkedHashSet<>();
        for (String name : plan.chain()) {
            if (keyVariables.containsKey(name)) {
                vars.add(keyVariables.get(name));
            }
        }
        return new LlmError(ErrorKind.NO_PROVIDER, "", "no LLM provider is usable"
                + (vars.isEmpty() ? "" : "; set " + String.join(" or ", vars))
                + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"), null);
    }

    /** The request pinned a model of a provider that cannot be used (no key, no adapter). */
    LlmError pinnedUnusable(String provider, String model) {
        String why = unusable.getOrDefault(provider, "no adapter on the classpath (add io.q2o:llm-" + provider + ")");
        String variable = keyVariables.get(provider);
        return new LlmError(ErrorKind.NO_PROVIDER, "pinned", "the request pins " + provider + "/" + model + " but "
                + provider + " is not usable: " + why + (variable == null ? "" : "; set " + variable)
                + " (or Q2O_LLM_PINNED_MODEL_FALLBACK=true to let other providers answer)", null);
    }

    LlmError failure(ProviderException last, List<Attempt> attempts) {
        String summary = attempts.stream()
                .map(a -> a.provider() + "/" + a.model() + " " + (a.outcome() == Attempt.Outcome.FAILED
                        ? String.valueOf(a.error()) : a.outcome().name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.groupingBy(s -> s, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream()
                .map(e -> e.getValue() > 1 ? e.getKey() + " x" + e.getValue() : e.getKey())
                .collect(Collectors.joining(", "));
        if (last == null) {
            boolean rate = attempts.stream().anyMatch(a -> a.outcome() == Attempt.Outcome.SKIPPED_RATE_LIMIT);
            boolean circuit = attempts.stream().anyMatch(a -> a.outcome() == Attempt.Outcome.SKIPPED_CIRCUIT_OPEN);
            if (circuit && !rate) {
                return new LlmError(ErrorKind.SERVER_ERROR, "circuit-open", "every provider was skipped because its "
                        + "circuit breaker is open after repeated failures [" + summary + "]", null);
            }
            return new LlmError(ErrorKind.RATE_LIMITED, "rate-limiter", "every provider was skipped by its "
                    + "requests/tokens-per-minute limit [" + summary + "]", null);
        }
        String code = last.statusCode().isPresent() ? "http-" + last.statusCode().getAsInt() : "";
        return new LlmError(last.kind(), code, redactor.redact(oneLine(last.getMessage())) + " [" + summary + "]",
                last.provider());
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
