package io.q2o.agents.orchestrator;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class PlanExecutionTest {

    static PlannedTask t(String id, String... deps) {
        return new PlannedTask(id, id, "", AgentType.RESEARCH, List.of(), List.of(deps), "low", "", List.of(), false);
    }

    /** a -> (b, c) -> d -> e ; f independent */
    static final TaskPlan DIAMOND = new TaskPlan("o", List.of(t("d", "b", "c"), t("b", "a"), t("c", "a"), t("a"), t("e", "d"), t("f")));

    @Test
    void tasksRunAfterTheirDependenciesIndependentOnesConcurrentlyAndOutputsFlowToDependents() throws Exception {
        CyclicBarrier bothMiddleTasks = new CyclicBarrier(2);
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (OrchestratorAgent agent = OrchestratorAgent.builder().executor(pool).build()) {
            PlanResult r = agent.execute(DIAMOND, (task, deps) -> {
                events.add("start " + task.id());
                if (task.id().equals("b") || task.id().equals("c")) {
                    // both must be running at the same time, or this times out and the task fails
                    bothMiddleTasks.await(30, TimeUnit.SECONDS);
                }
                assertThat(deps.keySet()).containsExactlyInAnyOrderElementsOf(task.dependencies());
                String seen = String.join("+", deps.values().stream().map(o -> (String) o.outputs().get("v")).sorted().toList());
                events.add("end " + task.id());
                return TaskOutcome.succeeded(task.id(), "", Map.of("v", task.id() + (seen.isEmpty() ? "" : "(" + seen + ")")),
                        List.of());
            });

            assertThat(r.success()).as(r.outcomes().toString()).isTrue();
            assertThat(r.outcome("d").orElseThrow().outputs().get("v")).isEqualTo("d(b(a)+c(a))");
            assertThat(r.outcome("e").orElseThrow().outputs().get("v")).isEqualTo("e(d(b(a)+c(a)))");
            List<String> ev = List.copyOf(events);
            for (PlannedTask task : DIAMOND.tasks()) {
                for (String dep : task.dependencies()) {
                    assertThat(ev.indexOf("end " + dep)).as(task.id() + " after " + dep).isLessThan(ev.indexOf("start " + task.id()));
                }
            }
            assertThat(r.outcomes()).extracting(TaskOutcome::taskId).containsExactly("d", "b", "c", "a", "e", "f");
            assertThat(r.order().indexOf("a")).isLessThan(r.order().indexOf("b"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dependentsOfAFailedTaskAreBlockedNamingTheFailureAndOthersStillRun() {
        try (OrchestratorAgent agent = OrchestratorAgent.builder().parallelism(2).build()) {
            PlanResult r = agent.execute(DIAMOND, (task, deps) -> {
                if (task.id().equals("b")) {
                    throw new IllegalStateException("provider down");
                }
                return TaskOutcome.succeeded(task.id(), "ok", Map.of(), List.of(Path.of(task.id())));
            });

            assertThat(r.success()).isFalse();
            assertThat(r.outcome("b").orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
            assertThat(r.outcome("b").orElseThrow().error()).contains("provider down");
            assertThat(r.outcome("c").orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(r.outcome("f").orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
            TaskOutcome d = r.outcome("d").orElseThrow();
            assertThat(d.status()).isEqualTo(TaskStatus.BLOCKED);
            assertThat(d.error()).isEqualTo("blocked: dependency 'b' failed");
            TaskOutcome e = r.outcome("e").orElseThrow();
            assertThat(e.status()).isEqualTo(TaskStatus.BLOCKED);
            assertThat(e.error()).isEqualTo("blocked: dependency 'd' was blocked by failed task 'b'");
            assertThat(e.outputs()).isEmpty();
        }
    }

    @Test
    void aHandlerReturningNothingOrAnotherTasksOutcomeFailsThatTask() {
        try (OrchestratorAgent agent = OrchestratorAgent.builder().executor(Runnable::run).build()) {
            PlanResult r = agent.execute(new TaskPlan("o", List.of(t("a"), t("b"))),
                    (task, deps) -> task.id().equals("a") ? null : TaskOutcome.succeeded("zzz", "", Map.of(), List.of()));
            assertThat(r.outcome("a").orElseThrow().error()).contains("no outcome");
            assertThat(r.outcome("b").orElseThrow().error()).contains("'zzz'");
        }
    }

    @Test
    void theOwnedPoolIsShutDownOnClose() throws BrokenBarrierException, InterruptedException, TimeoutException {
        OrchestratorAgent agent = OrchestratorAgent.builder().parallelism(1).build();
        agent.close();
        PlanResult r = agent.execute(new TaskPlan("o", List.of(t("a"))),
                (task, deps) -> TaskOutcome.succeeded(task.id(), "", Map.of(), List.of()));
        assertThat(r.outcome("a").orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.outcome("a").orElseThrow().error()).contains("could not be run");
    }
}
