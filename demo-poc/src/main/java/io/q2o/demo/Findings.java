package io.q2o.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's "key findings", verdict and recommendation, computed from the measured figures only
 * (nothing here is a fixed claim). Lines start with {@code +} (in favour of the LLM approach),
 * {@code -} (against it) or {@code =} (neutral).
 */
record Findings(List<String> lines, String verdict, String recommendation) {
    /** The plan's targets (Phase 1 success metrics). */
    static final BigDecimal COST_TARGET_USD = new BigDecimal("0.50");
    static final long LATENCY_TARGET_MILLIS = 5_000;

    static Findings compute(DemoResult.Generation template, DemoResult.Generation llm, DemoResult.Usage usage,
                            boolean offline) {
        List<String> lines = new ArrayList<>();
        if (template.generated() && llm.generated()) {
            int delta = llm.quality() - template.quality();
            String scores = llm.quality() + "/100 vs " + template.quality() + "/100";
            if (delta > 0) {
                lines.add("+ LLM generates higher quality code (+" + delta + " points: " + scores + ")");
            } else if (delta < 0) {
                lines.add("- The template scores higher than the LLM (" + delta + " points: " + scores + ")");
            } else {
                lines.add("= LLM and template score the same (" + scores + ")");
            }
            Map<String, DemoResult.Measure> t = template.measures().stream()
                    .collect(Collectors.toMap(DemoResult.Measure::name, Function.identity(), (a, b) -> a));
            List<String> better = new ArrayList<>();
            List<String> worse = new ArrayList<>();
            for (DemoResult.Measure m : llm.measures()) {
                DemoResult.Measure tm = t.get(m.name());
                if (tm == null || !m.applicable()) {
                    continue;
                }
                String cmp = String.format(Locale.ROOT, "%s %.0f vs %.0f of %d", m.displayName(), m.points(),
                        tm.applicable() ? tm.points() : 0.0, m.weight());
                if (m.points() > (tm.applicable() ? tm.points() : 0.0) + 0.5) {
                    better.add(cmp);
                } else if (tm.applicable() && m.points() + 0.5 < tm.points()) {
                    worse.add(cmp);
                }
            }
            if (!better.isEmpty()) {
                lines.add("+ LLM covers what the template lacks: " + String.join(", ", better));
            }
            if (!worse.isEmpty()) {
                lines.add("- LLM is weaker on: " + String.join(", ", worse));
            }
            if (template.characters() > 0) {
                lines.add(String.format(Locale.ROOT, "= LLM output is %.1fx the template's size (%,d vs %,d characters)",
                        (double) llm.characters() / template.characters(), llm.characters(), template.characters()));
            }
        } else if (!llm.generated()) {
            lines.add("- LLM generation failed: " + DemoCommand.firstLine(llm.error()));
        } else {
            lines.add("- Template generation failed: " + DemoCommand.firstLine(template.error()));
        }
        boolean costOk = true;
        if (usage != null) {
            if (usage.costUsd() != null) {
                BigDecimal cost = new BigDecimal(usage.costUsd());
                costOk = cost.compareTo(COST_TARGET_USD) < 0;
                lines.add((costOk ? "+ " : "- ") + "Cost: " + DemoCommand.money(cost) + " per generation ("
                        + String.format(Locale.ROOT, "%,d in / %,d out tokens on %s", usage.inputTokens(),
                        usage.outputTokens(), usage.model()) + "); plan target < $" + COST_TARGET_USD.toPlainString()
                        + ": " + (costOk ? "met" : "missed"));
            } else {
                lines.add("- Cost unknown: " + usage.model() + " has no price in config/llm_config.json");
            }
            if (offline) {
                lines.add("= Latency: " + DemoCommand.seconds(usage.latencyMillis())
                        + " from the local replay server (offline); run with a key to measure the provider");
            } else {
                boolean fast = usage.latencyMillis() < LATENCY_TARGET_MILLIS;
                lines.add((fast ? "+ " : "- ") + usage.provider() + "/" + usage.model() + " answered in "
                        + DemoCommand.seconds(usage.latencyMillis()) + "; plan target < 5 s: " + (fast ? "met" : "missed"));
            }
        }
        if (template.generated() && llm.generated()) {
            if (template.valid() && llm.valid()) {
                lines.add("+ Both approaches produce valid code");
            } else if (llm.valid()) {
                lines.add("+ Only the LLM output is valid; the template output has " + template.errors() + " error(s)");
            } else if (template.valid()) {
                lines.add("- Only the template output is valid; the LLM output has " + llm.errors() + " error(s)");
            } else {
                lines.add("- Neither output is valid (template " + template.errors() + ", LLM " + llm.errors() + " errors)");
            }
        }
        boolean viable = llm.generated() && llm.valid();
        String verdict = viable ? "DEMO COMPLETE - LLM Integration Viable!"
                : "DEMO COMPLETE - LLM integration NOT shown viable (see the findings)";
        boolean atLeastAsGood = !template.generated() || (llm.quality() != null && llm.quality() >= template.quality());
        String recommendation = viable && atLeastAsGood && costOk ? "Proceed with Phase 1 implementation"
                : viable ? "Proceed with Phase 1, but review the findings marked '-' first"
                : "Fix the failures above before Phase 1 (see docs/LLM_TROUBLESHOOTING.md)";
        return new Findings(List.copyOf(lines), verdict, recommendation);
    }
}
