package io.q2o.agents.pipeline;

import io.q2o.agents.AgentUsage;
import io.q2o.agents.CodeArtifact;
import io.q2o.agents.orchestrator.PlannedTask;
import io.q2o.agents.orchestrator.TaskHandler;
import io.q2o.agents.orchestrator.TaskOutcome;
import io.q2o.agents.qa.QAAgent;
import io.q2o.agents.qa.QaReport;
import io.q2o.agents.research.ResearchResult;
import io.q2o.agents.research.ResearchSource;
import io.q2o.agents.research.ResearcherAgent;
import io.q2o.agents.testing.TestFileResult;
import io.q2o.agents.testing.TestRunReport;
import io.q2o.agents.testing.TestRunner;
import io.q2o.agents.testing.TestingAgent;
import io.q2o.coder.CodeComponent;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.ComponentResult;
import io.q2o.coder.Complexity;
import io.q2o.coder.GenerationAttempt;
import io.q2o.coder.Language;
import io.q2o.coder.Task;
import io.q2o.coder.TaskResult;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.write.OutputRoot;
import io.q2o.llm.LlmService;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one planned task with the agent its type names, and hands outputs on:
 * <ul>
 *   <li>research → {@code research_context} (the CoderAgent's input) and {@code research} (the result);</li>
 *   <li>code → the CoderAgent writes the task's file with the research context of its dependencies;
 *       output {@code artifacts} (the file, its requirements, whether it is critical, its writer);</li>
 *   <li>test → the TestingAgent writes tests for the {@code artifacts} of its dependencies (run only
 *       if an opt-in runner is set); outputs {@code tests} and the {@code artifacts} passed on;</li>
 *   <li>qa → the QAAgent reviews every artifact of its dependencies (critical ones with one repair
 *       round); output {@code qa}. The task fails if any file fails review.</li>
 * </ul>
 * Usage is added per agent id to the run's {@link PipelineUsage}. Thread-safe.
 */
final class PipelineHandler implements TaskHandler {
    static final String RESEARCH_CONTEXT = "research_context";
    static final String RESEARCH = "research";
    static final String ARTIFACTS = "artifacts";
    static final String TESTS = "tests";
    static final String TEST_RUN = "test_run";
    static final String QA = "qa";

    private final LlmService llm;
    private final ResearcherAgent researcher;
    private final ResearchSource sources;
    private final CoderAgent coder;
    private final TestingAgent testing;
    private final TestRunner runner;
    private final QAAgent qa;
    private final OutputRoot output;
    private final CodeValidators validators;
    private final PipelineUsage usage;

    PipelineHandler(LlmService llm, ResearcherAgent researcher, ResearchSource sources, CoderAgent coder, TestingAgent testing,
                    TestRunner runner, QAAgent qa, OutputRoot output, CodeValidators validators, PipelineUsage usage) {
        this.llm = llm;
        this.researcher = researcher;
        this.sources = sources;
        this.coder = coder;
        this.testing = testing;
        this.runner = runner;
        this.qa = qa;
        this.output = output;
        this.validators = validators;
        this.usage = usage;
    }

    @Override
    public TaskOutcome run(PlannedTask task, Map<String, TaskOutcome> deps) {
        return switch (task.agentType()) {
            case RESEARCH -> research(task);
            case CODE -> code(task, deps);
            case TEST -> test(task, deps);
            case QA -> review(task, deps);
        };
    }

    private TaskOutcome research(PlannedTask task) {
        String question = task.title() + (task.description().isEmpty() ? "" : ": " + task.description());
        ResearchResult r = researcher.research(question, sources, task.id());
        usage.add(researcher.agentId(), r.usage());
        if (!r.success()) {
            return TaskOutcome.failed(task.id(), r.error(), List.of());
        }
        return TaskOutcome.succeeded(task.id(), r.findings().keyFindings().size() + " cited finding(s)"
                + (r.droppedFindings().isEmpty() ? "" : ", " + r.droppedFindings().size() + " uncited dropped"),
                Map.of(RESEARCH_CONTEXT, r.toResearchContext(), RESEARCH, r), List.of());
    }

    private TaskOutcome code(PlannedTask task, Map<String, TaskOutcome> deps) {
        Map<String, Object> research = new LinkedHashMap<>();
        deps.values().forEach(o -> {
            Object ctx = o.outputs().get(RESEARCH_CONTEXT);
            if (ctx instanceof Map<?, ?> m) {
                m.forEach((k, v) -> research.merge(String.valueOf(k), v, PipelineHandler::mergeValues));
            }
        });
        Language language = Language.fromPath(task.outputPath()).orElse(Language.TEXT);
        String description = task.description() + (task.requirements().isEmpty() ? ""
                : "\nRequirements:\n- " + String.join("\n- ", task.requirements()));
        CodeComponent component = CodeComponent.builder().name(task.title().isEmpty() ? task.id() : task.title())
                .outputPath(task.outputPath()).language(language).description(description)
                .complexity(Complexity.fromName(task.complexity())).build();
        Task coderTask = Task.builder().id(task.id()).title(task.title()).description(task.description())
                .techStack(task.techStack()).component(component).researchContext(research).build();
        TaskResult result = coder.processTask(coderTask);
        ComponentResult c = result.components().get(0);
        usage.add(coder.agentId(), new AgentUsage(c.usage().llmCalls(), c.usage().inputTokens(), c.usage().outputTokens(),
                c.usage().cost()));
        List<Path> files = result.filesWritten();
        if (!c.succeeded()) {
            return TaskOutcome.failed(task.id(), c.error().orElse("code generation failed"), files);
        }
        GenerationAttempt last = c.attempts().isEmpty() ? null : c.attempts().get(c.attempts().size() - 1);
        boolean fromLlm = c.source().map(s -> s.name().equals("LLM")).orElse(false) && last != null;
        CodeArtifact artifact = new CodeArtifact(task.outputPath(), language, c.code().orElse(""), task.requirements(),
                task.critical(), fromLlm ? last.provider() : "", fromLlm ? last.model() : "");
        return TaskOutcome.succeeded(task.id(), "wrote " + task.outputPath() + " (" + c.strategy().map(Enum::name).orElse("-")
                + ", validator quality " + c.validation().map(v -> v.quality().score()).orElse(0) + "/100)",
                Map.of(ARTIFACTS, List.of(artifact)), files);
    }

    private TaskOutcome test(PlannedTask task, Map<String, TaskOutcome> deps) {
        List<CodeArtifact> artifacts = artifacts(deps);
        if (artifacts.isEmpty()) {
            return TaskOutcome.failed(task.id(), "no code to test: none of its dependencies produced a file", List.of());
        }
        List<TestFileResult> results = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (CodeArtifact a : artifacts) {
            TestFileResult r = testing.writeTests(a, task.id());
            usage.add(testing.agentId(), r.usage());
            results.add(r);
            r.writtenFile().ifPresent(files::add);
        }
        List<String> errors = results.stream().filter(r -> !r.succeeded()).map(r -> r.sourcePath() + ": " + r.error()).toList();
        if (!errors.isEmpty()) {
            return TaskOutcome.failed(task.id(), String.join("; ", errors), files);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(TESTS, results);
        outputs.put(ARTIFACTS, artifacts);
        String summary = results.stream().mapToInt(TestFileResult::tests).sum() + " test(s) in " + files.size() + " file(s)";
        if (runner != null) {
            TestRunReport run = runner.run(output.root());
            outputs.put(TEST_RUN, run);
            if (!run.passed()) {
                return new TaskOutcome(task.id(), io.q2o.agents.orchestrator.TaskStatus.FAILED, summary, outputs, files,
                        "tests " + run.outcome() + " (exit " + run.exitCode() + ")");
            }
            summary += ", run: " + run.outcome();
        }
        return TaskOutcome.succeeded(task.id(), summary, outputs, files);
    }

    private TaskOutcome review(PlannedTask task, Map<String, TaskOutcome> deps) {
        List<CodeArtifact> artifacts = artifacts(deps);
        if (artifacts.isEmpty()) {
            return TaskOutcome.failed(task.id(), "nothing to review: none of its dependencies produced a file", List.of());
        }
        List<QaReport> reports = new ArrayList<>();
        for (CodeArtifact a : artifacts) {
            List<String> reqs = new ArrayList<>(a.requirements());
            task.requirements().stream().filter(r -> !reqs.contains(r)).forEach(reqs::add);
            CodeArtifact subject = new CodeArtifact(a.path(), a.language(), a.code(), reqs,
                    a.critical() || task.critical(), a.writerProvider(), a.writerModel());
            QaReport r = subject.critical()
                    ? qa.reviewAndRepair(subject, task.id(), new WriterRepair(llm, output, validators, coder.agentId(),
                    task.id(), usage))
                    : qa.review(subject, task.id());
            usage.add(qa.agentId(), r.usage());
            reports.add(r);
        }
        List<Path> repaired = reports.stream().filter(QaReport::repaired).map(r -> output.root().resolve(r.reviewed().path()))
                .toList();
        List<String> failed = reports.stream().filter(r -> !r.passed())
                .map(r -> r.reviewed().path() + ": " + (r.error() != null ? r.error() : r.verdict().name())).toList();
        String summary = reports.stream().map(r -> r.reviewed().path() + " " + r.score().total() + "/100 " + r.verdict())
                .reduce((x, y) -> x + "; " + y).orElse("");
        if (!failed.isEmpty()) {
            return new TaskOutcome(task.id(), io.q2o.agents.orchestrator.TaskStatus.FAILED, summary, Map.of(QA, reports),
                    repaired, String.join("; ", failed));
        }
        return TaskOutcome.succeeded(task.id(), summary, Map.of(QA, reports), repaired);
    }

    /** The code files the dependencies produced, first occurrence of each path. */
    @SuppressWarnings("unchecked")
    private static List<CodeArtifact> artifacts(Map<String, TaskOutcome> deps) {
        Map<String, CodeArtifact> byPath = new LinkedHashMap<>();
        deps.keySet().stream().sorted().forEach(id -> {
            Object a = deps.get(id).outputs().get(ARTIFACTS);
            if (a instanceof List<?> list) {
                ((List<CodeArtifact>) list).forEach(x -> byPath.putIfAbsent(x.path(), x));
            }
        });
        return List.copyOf(byPath.values());
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValues(Object a, Object b) {
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>((List<Object>) x);
            out.addAll(y);
            return out;
        }
        return b;
    }
}
