package io.q2o.agents.testing;

import io.q2o.agents.AgentUsage;
import io.q2o.agents.CodeArtifact;
import io.q2o.coder.Language;
import io.q2o.coder.template.TemplateRenderer;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.coder.write.OutputRoot;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TypedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The plan's Phase 3 TestingAgent: writes tests for generated code — pytest for Python, JUnit 5
 * for Java, Jest for JavaScript/TypeScript ({@link TestFramework}).
 *
 * <p>With an enabled LLM the tests come from the model (a typed {@link GeneratedTests} answer);
 * otherwise, or when the model's file fails validation or declares no test, from the bundled
 * smoke-test template (the fallback is recorded). Every test file goes through the CoderAgent's
 * validator (syntax tree, security rules, secrets) and is written only under the output root
 * ({@link OutputRoot}: no path may leave it). A file that fails validation is never written.
 *
 * <p><b>Generated code is never executed by this agent</b> (OWASP LLM05: treat model output as
 * untrusted). Running tests is a separate, opt-in step: a {@link TestRunner} the caller creates.
 * Calls are tagged with the agent id (default {@value #DEFAULT_AGENT_ID}). Thread-safe; does not
 * own the {@link LlmService}.
 */
public final class TestingAgent {
    private static final Logger log = LoggerFactory.getLogger(TestingAgent.class);

    /** Default agent id. */
    public static final String DEFAULT_AGENT_ID = "testing_main";

    private final LlmService llm;
    private final String agentId;
    private final OutputRoot output;
    private final CodeValidators validators;
    private final TestTemplates templates;
    private final boolean useLlm;

    private TestingAgent(Builder b, OutputRoot output) {
        this.llm = b.llm;
        this.agentId = b.agentId;
        this.output = output;
        this.validators = b.validators != null ? b.validators : CodeValidators.defaults();
        this.templates = new TestTemplates(b.templates != null ? b.templates : TemplateRenderer.bundled());
        this.useLlm = b.useLlm && llm != null && llm.isEnabled();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the agent id used in request tags */
    public String agentId() {
        return agentId;
    }

    /** @return the output root */
    public Path outputRoot() {
        return output.root();
    }

    /**
     * Writes tests for one source file.
     *
     * @param code   the file under test
     * @param taskId the task id for request tags, or {@code null}
     * @return what was written; never throws for LLM, validation or write failures
     */
    public TestFileResult writeTests(CodeArtifact code, String taskId) {
        Objects.requireNonNull(code, "code");
        TestFramework framework = TestFramework.forLanguage(code.language()).orElse(null);
        if (framework == null) {
            return new TestFileResult(code.path(), "", null, null, 0, null, null, null, AgentUsage.NONE,
                    "no test framework for " + code.language().id() + " files (" + code.path() + ")");
        }
        String testPath = framework.testPath(code.path());
        Language testLanguage = Language.fromPath(testPath).orElse(code.language());
        AgentUsage usage = AgentUsage.NONE;
        String fallback = null;
        if (useLlm) {
            TypedResponse<GeneratedTests> answer = llm.complete(request(framework, code, testPath, taskId), GeneratedTests.class);
            usage = usage.plus(answer);
            if (!answer.success()) {
                fallback = "LLM call failed: " + answer.response().error();
            } else {
                String tests = answer.value().code();
                ValidationReport report = validators.validate(tests, testLanguage, List.of());
                int count = framework.countTests(tests);
                if (report.passed() && count > 0) {
                    return write(code, testPath, framework, TestFileResult.Source.LLM, tests, count, report, null, usage);
                }
                fallback = count == 0 ? "the LLM's test file declares no " + framework.displayName() + " test"
                        : "the LLM's test file failed validation: " + report.describeErrors();
            }
            log.warn("Tests for {}: using the template ({})", code.path(), fallback);
        }
        String tests;
        try {
            tests = templates.render(framework, code, testPath);
        } catch (RuntimeException e) {
            return new TestFileResult(code.path(), testPath, framework, TestFileResult.Source.TEMPLATE, 0, null, null,
                    fallback, usage, "test template failed: " + e.getMessage());
        }
        ValidationReport report = validators.validate(tests, testLanguage, List.of());
        if (!report.passed()) {
            return new TestFileResult(code.path(), testPath, framework, TestFileResult.Source.TEMPLATE, 0, null, report,
                    fallback, usage, "template tests failed validation: " + report.describeErrors());
        }
        return write(code, testPath, framework, TestFileResult.Source.TEMPLATE, tests, framework.countTests(tests), report,
                fallback, usage);
    }

    private TestFileResult write(CodeArtifact code, String testPath, TestFramework framework, TestFileResult.Source source,
                                 String tests, int count, ValidationReport report, String fallback, AgentUsage usage) {
        try {
            Path written = output.write(testPath, tests);
            return new TestFileResult(code.path(), testPath, framework, source, count, written, report, fallback, usage, null);
        } catch (IOException | RuntimeException e) {
            return new TestFileResult(code.path(), testPath, framework, source, count, null, report, fallback, usage,
                    "cannot write " + testPath + ": " + e.getMessage());
        }
    }

    private LlmRequest request(TestFramework framework, CodeArtifact code, String testPath, String taskId) {
        String system = "You write " + framework.displayName() + " tests for generated " + code.language().id() + " code. "
                + "Test the behaviour the requirements describe, including error cases; use only the standard library, "
                + "the test framework and the libraries the code itself imports; no network, no real secrets. "
                + "Answer with the complete test file in 'code' and the names of its tests in 'testNames'.";
        String user = "File under test: " + code.path() + " (the test file will be " + testPath + ")\n"
                + (code.requirements().isEmpty() ? "" : "Requirements:\n- " + String.join("\n- ", code.requirements()) + "\n")
                + "\n```" + code.language().id() + "\n" + code.code() + (code.code().endsWith("\n") ? "" : "\n") + "```";
        return LlmRequest.builder().systemPrompt(system).userPrompt(user).temperature(0.2)
                .maxTokens(LlmService.CODE_MAX_TOKENS).tags(new RequestTags(agentId, taskId, null)).build();
    }

    @Override
    public String toString() {
        return "TestingAgent{id=" + agentId + ", llm=" + useLlm + ", outputRoot=" + output.root() + "}";
    }

    /**
     * Builder. Required: {@link #outputRoot}. Defaults: no LLM (template tests only), the LLM used
     * when one is given and enabled, the default validators, the bundled renderer, agent id
     * {@value TestingAgent#DEFAULT_AGENT_ID}. Not thread-safe.
     */
    public static final class Builder {
        private LlmService llm;
        private String agentId = DEFAULT_AGENT_ID;
        private Path outputRoot;
        private CodeValidators validators;
        private TemplateRenderer templates;
        private boolean useLlm = true;

        private Builder() {
        }

        /** @param llm the service; {@code null} (default) for template tests only @return this */
        public Builder llm(LlmService llm) { this.llm = llm; return this; }

        /** @param useLlm whether to ask the LLM when one is set; default true @return this */
        public Builder useLlm(boolean useLlm) { this.useLlm = useLlm; return this; }

        /** @param agentId the agent id for request tags @return this */
        public Builder agentId(String agentId) { this.agentId = agentId; return this; }

        /** @param outputRoot the only directory test files are written under; required @return this */
        public Builder outputRoot(Path outputRoot) { this.outputRoot = Objects.requireNonNull(outputRoot, "outputRoot"); return this; }

        /** @param validators the validators; default {@link CodeValidators#defaults()} @return this */
        public Builder validators(CodeValidators validators) { this.validators = Objects.requireNonNull(validators, "validators"); return this; }

        /** @param templates the Jinja renderer; default {@link TemplateRenderer#bundled()} @return this */
        public Builder templates(TemplateRenderer templates) { this.templates = Objects.requireNonNull(templates, "templates"); return this; }

        /**
         * @return the agent
         * @throws IllegalArgumentException if the output root or agent id is missing or unusable
         * @throws UncheckedIOException     if the output root cannot be created
         */
        public TestingAgent build() {
            if (outputRoot == null) {
                throw new IllegalArgumentException("outputRoot is required");
            }
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("agentId must not be null or blank");
            }
            try {
                return new TestingAgent(this, new OutputRoot(outputRoot));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create output root " + outputRoot, e);
            }
        }
    }
}
