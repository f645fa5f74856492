package io.q2o.demo.docs;

import io.q2o.agents.CodeArtifact;
import io.q2o.agents.orchestrator.OrchestratorAgent;
import io.q2o.agents.orchestrator.PlanResult;
import io.q2o.agents.orchestrator.TaskOutcome;
import io.q2o.agents.pipeline.Pipeline;
import io.q2o.agents.pipeline.PipelineResult;
import io.q2o.agents.qa.QAAgent;
import io.q2o.agents.qa.QaReport;
import io.q2o.agents.research.FolderSource;
import io.q2o.agents.research.ResearchResult;
import io.q2o.agents.research.ResearcherAgent;
import io.q2o.agents.testing.TestFileResult;
import io.q2o.agents.testing.TestingAgent;
import io.q2o.coder.CodeComponent;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.Language;
import io.q2o.coder.Task;
import io.q2o.coder.TaskResult;
import io.q2o.llm.LlmService;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agents examples of README.md and docs/LLM_USAGE_GUIDE.md. Each region between
 * {@code // [name]} and {@code // [/name]} appears verbatim in a doc (checked by
 * {@code DocSnippetsTest}) and is run against recorded answers by {@code AgentExamplesTest}.
 */
public final class AgentExamples {

    private AgentExamples() {
    }

    static PipelineResult pipeline(LlmService llm, String objective, Path notes, Path out) {
        // [agents-pipeline]
        try (Pipeline pipeline = Pipeline.builder()
                .llm(llm)                                   // every agent's calls go through it, tagged with the agent id
                .outputRoot(out)                            // nothing is written outside this folder
                .sources(new FolderSource(notes))           // Markdown/text files the research tasks may cite
                .reviewer("openai", null)                   // QA by another provider than the writer (the primary)
                .build()) {
            PipelineResult r = pipeline.run(objective);  // plan -> research -> code -> tests -> QA
            for (TaskOutcome o : r.execution().outcomes()) {
                System.out.println(o.taskId() + " " + o.status() + " " + (o.error() != null ? o.error() : o.summary()));
            }
            r.usageByAgent().forEach((agent, u) -> System.out.println(agent + ": " + u.calls() + " calls, $"
                    + u.cost().map(Object::toString).orElse("unknown")));
            return r;
        }
        // [/agents-pipeline]
    }

    static TaskResult research(LlmService llm, Path notes, Path out) {
        // [agents-research]
        ResearcherAgent researcher = ResearcherAgent.builder().llm(llm).build();
        ResearchResult research = researcher.research("How do I verify Stripe webhooks in FastAPI?", new FolderSource(notes));
        research.findings().keyFindings().forEach(f -> System.out.println(f.finding() + " " + f.sources()));
        System.out.println("dropped, no valid citation: " + research.droppedFindings());

        CoderAgent coder = CoderAgent.builder().llm(llm).outputRoot(out).build();
        TaskResult code = coder.processTask(Task.builder().id("webhook").title("Stripe webhook endpoint")
                .techStack("FastAPI", "Stripe")
                .component(CodeComponent.builder().name("webhook").outputPath("app/webhook.py").build())
                .researchContext(research.toResearchContext())   // the plan's research_context
                .build());
        // [/agents-research]
        return code;
    }

    static PlanResult orchestrate(LlmService llm) {
        // [agents-orchestrate]
        try (OrchestratorAgent orchestrator = OrchestratorAgent.builder().llm(llm).parallelism(4).build()) {
            OrchestratorAgent.Planning planning = orchestrator.plan("A CSV import endpoint with its tests");
            // invalid DAGs (cycle, unknown dependency, duplicate id) got one repair round, else InvalidPlanException
            return orchestrator.execute(planning.plan(), (task, dependencies) -> {
                // run the task with your own agent; dependencies holds the outcomes of the tasks it depends on
                return TaskOutcome.succeeded(task.id(), "done", Map.of("note", task.title()), List.of());
            });
            // a task whose dependency failed is BLOCKED: "blocked: dependency 't2' failed"
        }
        // [/agents-orchestrate]
    }

    static TestFileResult testing(LlmService llm, Path out, String code) {
        // [agents-testing]
        TestingAgent testing = TestingAgent.builder().llm(llm).outputRoot(out).build();
        TestFileResult tests = testing.writeTests(CodeArtifact.of("app/fees.py", code), null);
        System.out.println(tests.testPath() + ": " + tests.tests() + " " + tests.framework().displayName() + " tests by "
                + tests.source());
        // OPT-IN: nothing runs generated code unless you create a runner (subprocess, temporary copy, time limit):
        // TestRunReport run = TestRunner.forFramework(TestFramework.PYTEST).run(out);
        // [/agents-testing]
        return tests;
    }

    static QaReport review(LlmService llm, String code) {
        // [agents-qa]
        QAAgent qa = QAAgent.builder().llm(llm).reviewer("openai", null).build();   // never the writer's provider+model
        CodeArtifact payments = new CodeArtifact("app/webhook.py", Language.PYTHON, code,
                List.of("Verify the Stripe webhook signature", "Log all events"), true /* critical */,
                "gemini", "gemini-2.5-flash");                                       // who wrote it
        QaReport report = qa.reviewAndRepair(payments, null, (blocked, findings) -> {
            throw new IllegalStateException("no repair in this example");          // one repair round for critical files
        });
        System.out.println(report.verdict() + " " + report.score().total() + "/100 " + report.score().reasons());
        report.missing().forEach(m -> System.out.println("missing: " + m.requirement() + " - " + m.note()));
        // [/agents-qa]
        return report;
    }
}
