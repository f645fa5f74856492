package io.q2o.demo;

import io.q2o.coder.validation.Finding;
import io.q2o.coder.validation.QualityMeasure;
import io.q2o.coder.validation.Severity;
import io.q2o.coder.validation.ValidationReport;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Everything the demo measured, as written to {@code results.json} (field names as here) and
 * summarised in {@code results.md}.
 *
 * @param title        the task title
 * @param techStack    the task's technologies
 * @param requirements the task's requirements
 * @param mode         offline, live or record
 * @param notice       the mode in one line (the offline notice when offline)
 * @param template     the template-based generation
 * @param llm          the LLM-based generation
 * @param usage        the LLM call's tokens, cost and timing (null if no answer came back)
 * @param templateReview the QA review of the template's file (null if not reviewed)
 * @param llmReview    the QA review of the LLM's file (null if not reviewed)
 * @param keyFindings  findings computed from the figures above
 * @param verdict      the headline
 * @param recommendation the plan's recommendation line, computed
 * @param generatedAt  when the demo ran (ISO-8601)
 */
record DemoResult(String title, List<String> techStack, List<String> requirements, String mode, String notice,
                  Generation template, Generation llm, Usage usage, DemoReview.Score templateReview,
                  DemoReview.Score llmReview, List<String> keyFindings, String verdict,
                  String recommendation, String generatedAt) {

    /**
     * One approach's output and its validation.
     *
     * @param approach   "template" or "llm"
     * @param generated  whether code was produced
     * @param error      why not, if not
     * @param source     the template name, or provider/model
     * @param file       the file written (relative to the working directory), or null
     * @param characters the code's length
     * @param lines      the code's line count
     * @param millis     how long generation took
     * @param quality    the validator's quality score 0-100, or null if not measured
     * @param label      a word on the score
     * @param measures   the score's breakdown
     * @param valid      whether validation passed (no ERROR finding)
     * @param errors     ERROR findings
     * @param warnings   WARNING findings
     * @param findings   every finding, one line each
     */
    record Generation(String approach, boolean generated, String error, String source, String file, int characters,
                      int lines, long millis, Integer quality, String label, List<Measure> measures, boolean valid,
                      int errors, int warnings, List<String> findings) {

        static Generation failed(String approach, String source, String error, long millis) {
            return new Generation(approach, false, error, source, null, 0, 0, millis, null, "not generated", List.of(),
                    false, 0, 0, List.of());
        }

        static Generation of(String approach, String source, String file, String code, long millis, ValidationReport report) {
            List<Measure> measures = report.quality().measures().stream().map(Measure::of).collect(Collectors.toList());
            int score = report.quality().score();
            return new Generation(approach, true, null, source, file, code.length(), (int) code.lines().count(), millis,
                    score, label(score, measures), measures, report.passed(),
                    count(report, Severity.ERROR), count(report, Severity.WARNING),
                    report.findings().stream().map(Finding::toString).collect(Collectors.toList()));
        }

        private static int count(ValidationReport report, Severity s) {
            return (int) report.findings().stream().filter(f -> f.severity() == s).count();
        }

        private static String label(int score, List<Measure> measures) {
            String word = score >= 90 ? "production-ready" : score >= 75 ? "solid" : score >= 50 ? "functional but generic"
                    : "needs work";
            List<String> weak = measures.stream().filter(m -> m.applicable() && m.ratio() < 0.999)
                    .map(Measure::displayName).collect(Collectors.toList());
            return weak.isEmpty() ? word : word + "; weaker on " + String.join(", ", weak);
        }
    }

    /**
     * One quality measure.
     *
     * @param name       the validator's name, e.g. {@code type_hints}
     * @param weight     its weight in the score
     * @param applicable whether it applied to this code
     * @param ratio      0.0 to 1.0
     * @param points     weight times ratio
     * @param detail     the validator's explanation
     */
    record Measure(String name, int weight, boolean applicable, double ratio, double points, String detail) {
        static Measure of(QualityMeasure m) {
            return new Measure(m.name(), m.weight(), m.applicable(), m.ratio(), m.points(), m.detail());
        }

        String displayName() {
            return name.replace('_', ' ');
        }

        String short_() {
            return applicable ? String.format(Locale.ROOT, "%s %.0f/%d", displayName(), points, weight)
                    : displayName() + " n/a";
        }
    }

    /**
     * The LLM call's figures, as reported by the provider and priced by the library.
     *
     * @param provider          the provider that answered
     * @param model             the model that answered
     * @param inputTokens       prompt tokens
     * @param outputTokens      output tokens
     * @param cachedInputTokens prompt tokens served from the provider's cache
     * @param reasoningTokens   reasoning tokens (part of output)
     * @param costUsd           exact cost in USD as a decimal string, or null when the model has no price
     * @param latencyMillis     wall time of the call
     * @param firstChunkMillis  time to the first streamed chunk, or null
     * @param chunks            streamed chunks received
     * @param attempts          attempts the pipeline made (retries and fallbacks included)
     */
    record Usage(String provider, String model, long inputTokens, long outputTokens, long cachedInputTokens,
                 long reasoningTokens, String costUsd, long latencyMillis, Long firstChunkMillis, long chunks,
                 int attempts) {
    }
}
