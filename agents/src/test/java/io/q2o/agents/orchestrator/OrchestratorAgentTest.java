package io.q2o.agents.orchestrator;

import io.q2o.agents.Llms;
import io.q2o.llm.LlmService;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrchestratorAgentTest {

    private final Llms llms = new Llms();
    private final ScriptedProvider gemini = llms.gemini();

    static String task(String id, String type, String path, String... deps) {
        StringBuilder d = new StringBuilder();
        for (String x : deps) {
            d.append(d.length() == 0 ? "" : ",").append('"').append(x).append('"');
        }
        return "{\"id\":\"" + id + "\",\"title\":\"Task " + id + "\",\"description\":\"do " + id + "\",\"agentType\":\"" + type
                + "\",\"techStack\":[\"Python\"],\"dependencies\":[" + d + "],\"complexity\":\"medium\",\"outputPath\":\""
                + path + "\",\"requirements\":[\"works\"],\"critical\":false}";
    }

    static String plan(String... tasks) {
        return "{\"objective\":\"obj\",\"tasks\":[" + String.join(",", tasks) + "]}";
    }

    @Test
    void aValidPlanIsReturnedAsTypedTasksAndTaggedWithTheAgentId() {
        gemini.answer(Llms.GEMINI_MODEL, plan(task("r1", "RESEARCH", ""), task("c1", "CODE", "app/x.py", "r1")), Llms.TOKENS);
        try (LlmService llm = llms.build(); OrchestratorAgent agent = OrchestratorAgent.builder().llm(llm).build()) {
            OrchestratorAgent.Planning p = agent.plan("Build a thing");

            assertThat(p.repaired()).isFalse();
            assertThat(p.plan().tasks()).extracting(PlannedTask::id).containsExactly("r1", "c1");
            assertThat(p.plan().task("c1").orElseThrow().agentType()).isEqualTo(AgentType.CODE);
            assertThat(p.plan().task("c1").orElseThrow().dependencies()).containsExactly("r1");
            assertThat(p.usage().calls()).isEqualTo(1);
            assertThat(llm.usageStats().byAgent().get(OrchestratorAgent.DEFAULT_AGENT_ID).calls()).isEqualTo(1);
            assertThat(gemini.requests().get(0).responseSchema().name()).isEqualTo("TaskPlan");
        }
    }

    @Test
    void aCyclicPlanIsSentBackWithItsErrorsOnceAndTheRepairedPlanIsUsed() {
        gemini.answer(Llms.GEMINI_MODEL, plan(task("a", "CODE", "a.py", "b"), task("b", "CODE", "b.py", "a")), Llms.TOKENS);
        gemini.answer(Llms.GEMINI_MODEL, plan(task("a", "CODE", "a.py"), task("b", "CODE", "b.py", "a")), Llms.TOKENS);
        try (LlmService llm = llms.build(); OrchestratorAgent agent = OrchestratorAgent.builder().llm(llm).build()) {
            OrchestratorAgent.Planning p = agent.plan("Build a thing");

            assertThat(p.repaired()).isTrue();
            assertThat(p.usage().calls()).isEqualTo(2);
            assertThat(DagValidator.order(p.plan())).containsExactly("a", "b");
            String repair = Llms.text(gemini.requests().get(1));
            assertThat(repair).contains(OrchestratorAgent.REPAIR_PROMPT).contains("cycle").contains("a -> b -> a");
        }
    }

    @Test
    void aPlanStillInvalidAfterTheRepairRoundIsRefusedWithTheErrors() {
        String bad = plan(task("a", "CODE", "a.py", "ghost"));
        gemini.answer(Llms.GEMINI_MODEL, bad, Llms.TOKENS);
        gemini.answer(Llms.GEMINI_MODEL, bad, Llms.TOKENS);
        try (LlmService llm = llms.build(); OrchestratorAgent agent = OrchestratorAgent.builder().llm(llm).build()) {
            assertThatThrownBy(() -> agent.plan("Build a thing")).isInstanceOf(InvalidPlanException.class)
                    .hasMessageContaining("after one repair round").hasMessageContaining("'ghost'")
                    .satisfies(e -> assertThat(((InvalidPlanException) e).errors()).hasSize(1));
            assertThat(gemini.requests()).hasSize(2);
        }
    }

    @Test
    void theValidatorNamesEveryBrokenRule() {
        assertThat(DagValidator.errors(new TaskPlan("o", List.of()))).containsExactly("the plan has no tasks: give at least one");
        TaskPlan broken = new TaskPlan("o", List.of(
                new PlannedTask("a", "A", "", AgentType.CODE, List.of(), List.of("a"), "low", "", List.of(), false),
                new PlannedTask("a", "A2", "", AgentType.QA, List.of(), List.of("zzz"), "enormous", "", List.of(), false)));
        List<String> errors = DagValidator.errors(broken);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'a' is used by more than one task"))
                .anySatisfy(e -> assertThat(e).contains("code task 'a' has no output path"))
                .anySatisfy(e -> assertThat(e).contains("depends on itself"))
                .anySatisfy(e -> assertThat(e).contains("'zzz', which is not a task"))
                .anySatisfy(e -> assertThat(e).contains("enormous"));
        TaskPlan cycle = new TaskPlan("o", List.of(
                new PlannedTask("x", "", "", AgentType.TEST, List.of(), List.of("z"), "low", "", List.of(), false),
                new PlannedTask("y", "", "", AgentType.TEST, List.of(), List.of("x"), "low", "", List.of(), false),
                new PlannedTask("z", "", "", AgentType.TEST, List.of(), List.of("y"), "low", "", List.of(), false)));
        assertThat(DagValidator.errors(cycle)).singleElement().asString().contains("cycle").contains("x -> z -> y -> x");
        assertThatThrownBy(() -> DagValidator.order(cycle)).hasMessageContaining("invalid task plan");
    }

    @Test
    void planningNeedsAnObjectiveAndAService() {
        try (OrchestratorAgent agent = OrchestratorAgent.builder().build()) {
            assertThatThrownBy(() -> agent.plan("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("LlmService");
            assertThatThrownBy(() -> agent.plan(" ")).hasMessageContaining("objective");
        }
        assertThatThrownBy(() -> OrchestratorAgent.builder().parallelism(0).build()).hasMessageContaining("parallelism");
    }
}
