package io.q2o.agents.pipeline;

import io.q2o.agents.AgentUsage;
import io.q2o.agents.CodeArtifact;
import io.q2o.agents.qa.Repairer;
import io.q2o.agents.qa.ReviewFinding;
import io.q2o.coder.CodeExtractor;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.coder.write.OutputRoot;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;

import java.util.List;

/**
 * The repair round of a blocked critical file: the writer (the coder agent's id in the tags, its
 * provider first) gets the file and the review's findings and returns the whole corrected file,
 * which is validated and written back under the output root. Thread-safe.
 */
final class WriterRepair implements Repairer {
    private final LlmService llm;
    private final OutputRoot output;
    private final CodeValidators validators;
    private final String agentId;
    private final String taskId;
    private final PipelineUsage usage;

    WriterRepair(LlmService llm, OutputRoot output, CodeValidators validators, String agentId, String taskId,
                 PipelineUsage usage) {
        this.llm = llm;
        this.output = output;
        this.validators = validators;
        this.agentId = agentId;
        this.taskId = taskId;
        this.usage = usage;
    }

    @Override
    public CodeArtifact repair(CodeArtifact blocked, List<ReviewFinding> findings) throws Exception {
        String lang = blocked.language().id();
        String user = "A code review blocked this " + lang + " file (" + blocked.path() + "). Fix every HIGH and CRITICAL "
                + "finding without breaking the requirements.\n\nFindings:\n- "
                + String.join("\n- ", findings.stream().map(ReviewFinding::toString).toList())
                + (blocked.requirements().isEmpty() ? "" : "\n\nRequirements:\n- " + String.join("\n- ", blocked.requirements()))
                + "\n\n```" + lang + "\n" + blocked.code() + (blocked.code().endsWith("\n") ? "" : "\n") + "```\n\n"
                + "Return ONLY the complete corrected file.";
        LlmRequest req = LlmRequest.builder()
                .systemPrompt("You are fixing code after a security and quality review. Return ONLY code, no explanations.")
                .userPrompt(user).temperature(0.2).maxTokens(LlmService.CODE_MAX_TOKENS)
                .provider(blocked.writerProvider().isEmpty() ? null : blocked.writerProvider())
                .tags(new RequestTags(agentId, taskId, null)).build();
        LlmResponse r = llm.complete(req);
        usage.add(agentId, AgentUsage.NONE.plus(r));
        if (!r.success()) {
            throw new IllegalStateException("repair call failed: " + r.error());
        }
        String code = CodeExtractor.extract(r.content(), blocked.language(),
                c -> validators.forLanguage(blocked.language()).syntaxValid(c, blocked.language()));
        ValidationReport report = validators.validate(code, blocked.language(), List.of());
        if (code.isBlank() || !report.passed()) {
            throw new IllegalStateException("the repaired file fails validation: " + report.describeErrors());
        }
        output.write(blocked.path(), code);
        return new CodeArtifact(blocked.path(), blocked.language(), code, blocked.requirements(), blocked.critical(),
                r.provider(), r.model());
    }
}
