package io.q2o.agents.qa;

import io.q2o.agents.AgentUsage;
import io.q2o.agents.CodeArtifact;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.Finding;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TypedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plan's Phase 3 QAAgent: reviews a generated file and scores it with the written
 * {@link Rubric} (requirement coverage, review findings, the validator's quality score).
 *
 * <p><b>A different reviewer than the writer.</b> With an LLM, the review is a typed
 * {@link ReviewAnswer} call sent to a provider or model other than the one that wrote the file
 * ({@link CodeArtifact#writerProvider()}, {@link CodeArtifact#writerModel()}): the configured
 * reviewer when it differs, else another usable provider; when none differs a
 * {@link ReviewerConflictException} is thrown. An answer that came back from the writer's own
 * provider and model (after a fallback) is not accepted: the review fails.
 *
 * <p><b>Requirement coverage.</b> Each requirement of the file is matched to evidence: the
 * reviewer's quoted evidence must occur in the code ({@link RequirementCoverage#verify}), else the
 * requirement is reported missing. Without an LLM the review uses the validator's findings and
 * {@link RequirementCoverage#byKeywords}.
 *
 * <p><b>Critical components.</b> A file marked critical (payments, authentication, secrets) with
 * a HIGH or CRITICAL finding is {@link QaReport.Verdict#BLOCKED}; {@link #reviewAndRepair} gives it
 * ONE repair round and reviews again; if a blocking finding remains the verdict is FAILED with
 * the findings.
 *
 * <p>Calls are tagged with the agent id (default {@value #DEFAULT_AGENT_ID}). Thread-safe; does not
 * own the {@link LlmService}.
 */
public final class QAAgent {
    private static final Logger log = LoggerFactory.getLogger(QAAgent.class);

    /** Default agent id. */
    public static final String DEFAULT_AGENT_ID = "qa_main";

    static final String SYSTEM_PROMPT = "You are a senior code reviewer. Review the file for correctness, security, "
            + "error handling and maintainability. Report each problem with its severity (CRITICAL, HIGH, MEDIUM, LOW, "
            + "INFO), a category, the line number, a message and a suggested fix. For EACH requirement given, say whether "
            + "the code meets it and quote the line(s) of code that show it exactly as they appear; if you cannot quote "
            + "such code, it is not met.";

    /** The reviewer a review goes to: a provider and optionally a model (null: the provider's default). */
    record Reviewer(String provider, String model) {
    }

    private final LlmService llm;
    private final String agentId;
    private final String reviewerProvider;
    private final String reviewerModel;
    private final CodeValidators validators;
    private final int maxTokens;

    private QAAgent(Builder b) {
        this.llm = b.llm;
        this.agentId = b.agentId;
        this.reviewerProvider = b.reviewerProvider;
        this.reviewerModel = b.reviewerModel;
        this.validators = b.validators != null ? b.validators : CodeValidators.defaults();
        this.maxTokens = b.maxTokens;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the agent id used in request tags */
    public String agentId() {
        return agentId;
    }

    /** @return whether reviews use the LLM (a service is set and enabled) */
    public boolean llmEnabled() {
        return llm != null && llm.isEnabled();
    }

    /**
     * Picks the reviewer for a file (see the class comment).
     *
     * @param code the file
     * @return the provider and model (model {@code null}: the provider's configured model)
     * @throws ReviewerConflictException if no reviewer differs from the writer
     */
    Reviewer chooseReviewer(CodeArtifact code) {
        String writer = code.writerProvider();
        if (reviewerProvider != null) {
            if (writer.isEmpty() || !reviewerProvider.equals(writer)) {
                return new Reviewer(reviewerProvider, reviewerModel);
            }
            if (reviewerModel != null && !reviewerModel.equals(code.writerModel())) {
                return new Reviewer(reviewerProvider, reviewerModel);
            }
        }
        for (String p : llm.usableProviders()) {
            if (!p.equals(writer)) {
                if (reviewerProvider != null) {
                    log.info("Reviewer {} is the writer of {}; reviewing with {} instead", reviewerProvider, code.path(), p);
                }
                return new Reviewer(p, null);
            }
        }
        if (writer.isEmpty()) {
            return new Reviewer(null, null);
        }
        throw new ReviewerConflictException("no reviewer differs from the writer of " + code.path() + " (" + writer
                + (code.writerModel().isEmpty() ? "" : "/" + code.writerModel()) + "): usable providers "
                + llm.usableProviders() + (reviewerProvider == null ? "" : ", configured reviewer " + reviewerProvider
                + (reviewerModel == null ? "" : "/" + reviewerModel)) + "; set another provider's API key or a different"
                + " reviewer model");
    }

    /**
     * Reviews one file.
     *
     * @param code   the file
     * @param taskId the task id for request tags, or {@code null}
     * @return the report; never throws for LLM failures (verdict FAILED)
     * @throws ReviewerConflictException if an LLM review has no reviewer different from the writer
     */
    public QaReport review(CodeArtifact code, String taskId) {
        Objects.requireNonNull(code, "code");
        ValidationReport validation = validators.validate(code.code(), code.language(), List.of());
        if (!llmEnabled()) {
            List<ReviewFinding> findings = fromValidator(validation);
            List<CoverageItem> coverage = RequirementCoverage.byKeywords(code.code(), code.language(), code.requirements());
            return report(code, "", "", findings, coverage, validation, false, "static review: validator findings and "
                    + "keyword coverage", AgentUsage.NONE, null);
        }
        Reviewer reviewer = chooseReviewer(code);
        TypedResponse<ReviewAnswer> answer = llm.complete(request(code, reviewer, taskId), ReviewAnswer.class);
        AgentUsage usage = AgentUsage.NONE.plus(answer);
        String provider = answer.response().provider() == null ? "" : answer.response().provider();
        String model = answer.response().model() == null ? "" : answer.response().model();
        if (!answer.success()) {
            return failed(code, provider, model, validation, usage, "review call failed: " + answer.response().error());
        }
        if (!code.writerProvider().isEmpty() && provider.equals(code.writerProvider())
                && (model.equals(code.writerModel()) || reviewer.model() == null || !reviewer.provider().equals(provider))) {
            return failed(code, provider, model, validation, usage, "the review was answered by the writer's own "
                    + provider + "/" + model + " (a fallback); a review must come from a different provider or model");
        }
        List<CoverageItem> coverage = RequirementCoverage.verify(code.code(), code.requirements(), answer.value().requirements());
        return report(code, provider, model, answer.value().findings(), coverage, validation, false, answer.value().summary(),
                usage, null);
    }

    /**
     * Reviews a file and, when it is critical and blocked, gives it ONE repair round and reviews the
     * repaired version.
     *
     * @param code     the file
     * @param taskId   the task id for request tags, or {@code null}
     * @param repairer fixes a blocked file
     * @return PASSED, or FAILED with the findings that remain (or the repair's failure)
     */
    public QaReport reviewAndRepair(CodeArtifact code, String taskId, Repairer repairer) {
        Objects.requireNonNull(repairer, "repairer");
        QaReport first = review(code, taskId);
        if (first.verdict() != QaReport.Verdict.BLOCKED) {
            return first;
        }
        log.info("Critical file {} blocked by {} high-severity finding(s); one repair round", code.path(),
                first.blocking().size());
        CodeArtifact repaired;
        try {
            repaired = Objects.requireNonNull(repairer.repair(code, first.findings()), "the repairer returned no file");
        } catch (Exception e) {
            return new QaReport(code, first.reviewerProvider(), first.reviewerModel(), QaReport.Verdict.FAILED,
                    first.findings(), first.coverage(), first.score(), false, List.of(), first.summary(), first.usage(),
                    "critical file blocked by high-severity findings and the repair failed: " + e.getMessage());
        }
        QaReport second = review(repaired, taskId);
        AgentUsage usage = first.usage().plus(second.usage());
        boolean blocked = second.verdict() != QaReport.Verdict.PASSED;
        String error = second.error() != null ? second.error() : blocked
                ? "critical file still has high-severity findings after the repair round: " + second.blocking() : null;
        return new QaReport(repaired, second.reviewerProvider(), second.reviewerModel(),
                blocked ? QaReport.Verdict.FAILED : QaReport.Verdict.PASSED, second.findings(), second.coverage(),
                second.score(), true, first.blocking(), second.summary(), usage, error);
    }

    private QaReport report(CodeArtifact code, String provider, String model, List<ReviewFinding> findings,
                            List<CoverageItem> coverage, ValidationReport validation, boolean repaired, String summary,
                            AgentUsage usage, String error) {
        boolean blocked = code.critical() && findings.stream().anyMatch(f -> f.severity().highOrWorse());
        return new QaReport(code, provider, model, blocked ? QaReport.Verdict.BLOCKED : QaReport.Verdict.PASSED, findings,
                coverage, Rubric.score(coverage, findings, validation), repaired, List.of(), summary, usage, error);
    }

    private QaReport failed(CodeArtifact code, String provider, String model, ValidationReport validation, AgentUsage usage,
                            String error) {
        List<CoverageItem> coverage = code.requirements().stream()
                .map(r -> new CoverageItem(r, false, "", "not reviewed")).toList();
        return new QaReport(code, provider, model, QaReport.Verdict.FAILED, List.of(), coverage,
                Rubric.score(coverage, List.of(), validation), false, List.of(), "", usage, error);
    }

    /** Validator findings as review findings: errors are HIGH, warnings MEDIUM, the rest INFO. */
    static List<ReviewFinding> fromValidator(ValidationReport report) {
        List<ReviewFinding> out = new ArrayList<>();
        for (Finding f : report.findings()) {
            ReviewSeverity s = switch (f.severity()) {
                case ERROR -> ReviewSeverity.HIGH;
                case WARNING -> ReviewSeverity.MEDIUM;
                default -> ReviewSeverity.INFO;
            };
            out.add(new ReviewFinding(s, f.category().name().toLowerCase(java.util.Locale.ROOT), f.line(), f.message(),
                    f.ruleId()));
        }
        return out;
    }

    private LlmRequest request(CodeArtifact code, Reviewer reviewer, String taskId) {
        StringBuilder numbered = new StringBuilder();
        List<String> lines = code.code().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            numbered.append(String.format("%4d| %s%n", i + 1, lines.get(i)));
        }
        String user = "File: " + code.path() + " (" + code.language().id() + (code.critical() ? ", CRITICAL component" : "")
                + ")\nRequirements:\n" + (code.requirements().isEmpty() ? "(none stated)"
                : "- " + String.join("\n- ", code.requirements())) + "\n\nCode (line numbers are not part of it):\n" + numbered;
        return LlmRequest.builder().systemPrompt(SYSTEM_PROMPT).userPrompt(user).temperature(0.0).maxTokens(maxTokens)
                .provider(reviewer.provider()).model(reviewer.model()).tags(new RequestTags(agentId, taskId, null)).build();
    }

    @Override
    public String toString() {
        return "QAAgent{id=" + agentId + ", llm=" + llmEnabled() + ", reviewer=" + reviewerProvider
                + (reviewerModel == null ? "" : "/" + reviewerModel) + "}";
    }

    /**
     * Builder. Defaults: no LLM (static reviews), reviewer chosen among the usable providers (the
     * first that is not the writer), the default validators, agent id
     * {@value QAAgent#DEFAULT_AGENT_ID}, 4,096 output tokens per review. Not thread-safe.
     */
    public static final class Builder {
        private LlmService llm;
        private String agentId = DEFAULT_AGENT_ID;
        private String reviewerProvider;
        private String reviewerModel;
        private CodeValidators validators;
        private int maxTokens = 4096;

        private Builder() {
        }

        /** @param llm the service reviews go through; {@code null} for static reviews @return this */
        public Builder llm(LlmService llm) { this.llm = llm; return this; }

        /** @param agentId the agent id for request tags @return this */
        public Builder agentId(String agentId) { this.agentId = agentId; return this; }

        /**
         * @param provider the preferred reviewer provider, e.g. {@code "openai"}
         * @param model    its model, or {@code null} for the provider's configured model
         * @return this
         */
        public Builder reviewer(String provider, String model) {
            this.reviewerProvider = provider == null || provider.isBlank() ? null : provider.strip();
            this.reviewerModel = model == null || model.isBlank() ? null : model.strip();
            return this;
        }

        /** @param validators the validators; default {@link CodeValidators#defaults()} @return this */
        public Builder validators(CodeValidators validators) { this.validators = Objects.requireNonNull(validators, "validators"); return this; }

        /** @param tokens output tokens per review, at least 256; default 4,096 @return this */
        public Builder maxTokens(int tokens) { this.maxTokens = tokens; return this; }

        /**
         * @return the agent
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public QAAgent build() {
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("agentId must not be null or blank");
            }
            if (maxTokens < 256) {
                throw new IllegalArgumentException("maxTokens must be at least 256, was " + maxTokens);
            }
            if (reviewerModel != null && reviewerProvider == null) {
                throw new IllegalArgumentException("a reviewer model (" + reviewerModel + ") needs a reviewer provider");
            }
            return new QAAgent(this);
        }
    }
}
