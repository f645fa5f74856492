package io.q2o.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.q2o.agents.AgentUsage;
import io.q2o.agents.orchestrator.PlannedTask;
import io.q2o.agents.orchestrator.TaskOutcome;
import io.q2o.agents.pipeline.PipelineResult;
import io.q2o.agents.qa.CoverageItem;
import io.q2o.agents.qa.QaReport;
import io.q2o.agents.qa.ReviewFinding;
import io.q2o.agents.research.ResearchResult;
import io.q2o.agents.testing.TestFileResult;
import io.q2o.coder.write.OutputRoot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a pipeline run's {@code results.json} (the DAG, each task's outcome, files, research,
 * tests, QA findings and scores, tokens and cost per agent and their total) and {@code results.md}
 * (the same for people) into the output root.
 */
final class PipelineReport {
    static final String MARKDOWN = "results.md";
    static final String JSON = "results.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PipelineReport() {
    }

    static void write(PipelineResult r, String mode, String notice) throws IOException {
        Map<String, Object> json = json(r, mode, notice);
        OutputRoot root = new OutputRoot(r.outputRoot());
        root.write(JSON, MAPPER.writeValueAsString(json) + "\n");
        root.write(MARKDOWN, markdown(r, json));
    }

    static Map<String, Object> json(PipelineResult r, String mode, String notice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", r.objective());
        m.put("mode", mode);
        m.put("notice", notice);
        m.put("success", r.success());
        m.put("planRepaired", r.planRepaired());
        List<Map<String, Object>> dag = new ArrayList<>();
        for (PlannedTask t : r.execution().plan().tasks()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", t.id());
            x.put("title", t.title());
            x.put("agentType", t.agentType().name().toLowerCase(Locale.ROOT));
            x.put("dependencies", t.dependencies());
            x.put("complexity", t.complexity());
            x.put("outputPath", t.outputPath());
            x.put("critical", t.critical());
            x.put("requirements", t.requirements());
            dag.add(x);
        }
        m.put("dag", dag);
        m.put("executionOrder", r.execution().order());
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<Object> research = new ArrayList<>();
        List<Object> tests = new ArrayList<>();
        List<Object> qa = new ArrayList<>();
        for (TaskOutcome o : r.execution().outcomes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", o.taskId());
            x.put("status", o.status().name());
            x.put("summary", o.summary());
            x.put("error", o.error());
            x.put("files", o.files().stream().map(f -> relative(r, f)).toList());
            tasks.add(x);
            if (o.outputs().get("research") instanceof ResearchResult rr) {
                research.add(research(o.taskId(), rr));
            }
            if (o.outputs().get("tests") instanceof List<?> list) {
                list.stream().filter(TestFileResult.class::isInstance).map(TestFileResult.class::cast)
                        .forEach(t -> tests.add(test(o.taskId(), t)));
            }
            if (o.outputs().get("qa") instanceof List<?> list) {
                list.stream().filter(QaReport.class::isInstance).map(QaReport.class::cast).forEach(q -> qa.add(qa(o.taskId(), q)));
            }
        }
        m.put("tasks", tasks);
        m.put("filesWritten", r.filesWritten());
        m.put("research", research);
        m.put("tests", tests);
        m.put("qa", qa);
        Map<String, Object> usage = new LinkedHashMap<>();
        Map<String, Object> byAgent = new LinkedHashMap<>();
        r.usageByAgent().forEach((k, v) -> byAgent.put(k, usage(v)));
        usage.put("byAgent", byAgent);
        usage.put("total", usage(r.totalUsage()));
        m.put("usage", usage);
        return m;
    }

    private static String relative(PipelineResult r, java.nio.file.Path f) {
        return r.outputRoot().relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static Map<String, Object> research(String task, ResearchResult rr) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("task", task);
        x.put("sources", rr.sourceIds());
        x.put("findings", rr.findings().keyFindings().stream().map(f -> Map.of("finding", f.finding(), "sources", f.sources()))
                .toList());
        x.put("droppedUncitedFindings", rr.droppedFindings());
        x.put("unknownCitations", rr.unknownCitations());
        x.put("libraries", rr.findings().recommendedLibraries().stream().map(l -> l.name() + " " + l.version()).toList());
        x.put("pitfalls", rr.findings().pitfalls());
        x.put("confidence", rr.findings().confidence());
        return x;
    }

    private static Map<String, Object> test(String task, TestFileResult t) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("task", task);
        x.put("for", t.sourcePath());
        x.put("file", t.testPath());
        x.put("framework", t.framework() == null ? null : t.framework().displayName());
        x.put("source", t.source() == null ? null : t.source().name());
        x.put("tests", t.tests());
        x.put("fallbackReason", t.fallbackReason());
        x.put("executed", false);
        return x;
    }

    private static Map<String, Object> qa(String task, QaReport q) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("task", task);
        x.put("file", q.reviewed().path());
        x.put("critical", q.reviewed().critical());
        x.put("writer", q.reviewed().writerProvider() + "/" + q.reviewed().writerModel());
        x.put("reviewer", q.reviewerProvider() + "/" + q.reviewerModel());
        x.put("verdict", q.verdict().name());
        x.put("repaired", q.repaired());
        x.put("resolvedByRepair", q.resolved().stream().map(ReviewFinding::toString).toList());
        x.put("score", Map.of("total", q.score().total(), "coverage", q.score().coverage(), "findings", q.score().findings(),
                "validator", q.score().validator(), "reasons", q.score().reasons()));
        x.put("findings", q.findings().stream().map(f -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("severity", f.severity().name());
            fm.put("category", f.category());
            fm.put("line", f.line());
            fm.put("message", f.message());
            fm.put("suggestedFix", f.suggestedFix());
            return fm;
        }).toList());
        x.put("coverage", q.coverage().stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("requirement", c.requirement());
            cm.put("met", c.met());
            cm.put("evidence", c.evidence());
            cm.put("note", c.note());
            return cm;
        }).toList());
        x.put("error", q.error());
        return x;
    }

    private static Map<String, Object> usage(AgentUsage u) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("calls", u.calls());
        x.put("inputTokens", u.inputTokens());
        x.put("outputTokens", u.outputTokens());
        x.put("costUsd", u.cost().map(c -> c.toPlainString()).orElse(null));
        return x;
    }

    static String usageLine(String agent, AgentUsage u) {
        return String.format(Locale.ROOT, "%-18s %3d call(s) %,8d in %,7d out  %s", agent, u.calls(), u.inputTokens(),
                u.outputTokens(), u.cost().map(c -> "$" + c.toPlainString()).orElse("cost unknown"));
    }

    @SuppressWarnings("unchecked")
    static String markdown(PipelineResult r, Map<String, Object> json) {
        StringBuilder md = new StringBuilder("# Q2O pipeline: results\n\n");
        md.append("- Objective: ").append(r.objective()).append('\n');
        md.append("- Mode: ").append(json.get("mode")).append(" - ").append(json.get("notice")).append('\n');
        md.append("- Outcome: ").append(r.success() ? "every task succeeded" : "some tasks failed or were blocked")
                .append(r.planRepaired() ? " (the plan needed its repair round)" : "").append("\n\n");
        md.append("## Task DAG\n\n| id | agent | task | depends on | file | critical | status |\n|---|---|---|---|---|---|---|\n");
        for (PlannedTask t : r.execution().plan().tasks()) {
            TaskOutcome o = r.execution().outcome(t.id()).orElseThrow();
            md.append("| ").append(t.id()).append(" | ").append(t.agentType().name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(cell(t.title())).append(" | ").append(t.dependencies().isEmpty() ? "-" : String.join(", ", t.dependencies()))
                    .append(" | ").append(t.outputPath().isEmpty() ? "-" : "`" + t.outputPath() + "`").append(" | ")
                    .append(t.critical() ? "yes" : "no").append(" | ").append(o.status()).append(" |\n");
        }
        md.append("\nExecution order: ").append(String.join(" -> ", r.execution().order())).append("\n\n## Task outcomes\n\n");
        for (TaskOutcome o : r.execution().outcomes()) {
            md.append("- **").append(o.taskId()).append("** ").append(o.status()).append(": ")
                    .append(cell(o.error() != null ? o.error() : o.summary())).append('\n');
        }
        md.append("\n## Files written\n\n");
        r.filesWritten().forEach(f -> md.append("- `").append(f).append("`\n"));
        md.append("\nGenerated code and tests were validated and written under the output folder; none of it was executed.\n");
        for (Object o : (List<Object>) json.get("research")) {
            Map<String, Object> rs = (Map<String, Object>) o;
            md.append("\n## Research (").append(rs.get("task")).append(")\n\n");
            for (Map<String, Object> f : (List<Map<String, Object>>) rs.get("findings")) {
                md.append("- ").append(f.get("finding")).append(" [").append(String.join(", ", (List<String>) f.get("sources")))
                        .append("]\n");
            }
            List<String> dropped = (List<String>) rs.get("droppedUncitedFindings");
            if (!dropped.isEmpty()) {
                md.append("- Dropped (cited no given source: ").append(String.join(", ", (List<String>) rs.get("unknownCitations")))
                        .append("): ").append(String.join("; ", dropped)).append('\n');
            }
        }
        md.append("\n## QA review\n\n");
        for (Object o : (List<Object>) json.get("qa")) {
            Map<String, Object> q = (Map<String, Object>) o;
            Map<String, Object> s = (Map<String, Object>) q.get("score");
            md.append("### `").append(q.get("file")).append("` - ").append(s.get("total")).append("/100, ").append(q.get("verdict"))
                    .append(Boolean.TRUE.equals(q.get("repaired")) ? " after one repair round" : "").append("\n\n");
            md.append("Written by ").append(q.get("writer")).append(", reviewed by ").append(q.get("reviewer"))
                    .append(Boolean.TRUE.equals(q.get("critical")) ? " (critical component)" : "").append(". Rubric: coverage ")
                    .append(s.get("coverage")).append("/40, findings ").append(s.get("findings")).append("/40, validator ")
                    .append(s.get("validator")).append("/20.\n\n| severity | category | line | message | suggested fix |\n|---|---|---|---|---|\n");
            for (Map<String, Object> f : (List<Map<String, Object>>) q.get("findings")) {
                md.append("| ").append(f.get("severity")).append(" | ").append(f.get("category")).append(" | ").append(f.get("line"))
                        .append(" | ").append(cell(String.valueOf(f.get("message")))).append(" | ")
                        .append(cell(String.valueOf(f.get("suggestedFix")))).append(" |\n");
            }
            List<String> resolved = (List<String>) q.get("resolvedByRepair");
            if (!resolved.isEmpty()) {
                md.append("\nBlocked before the repair round by: ").append(cell(String.join("; ", resolved))).append('\n');
            }
            md.append("\nRequirement coverage:\n\n");
            for (Map<String, Object> c : (List<Map<String, Object>>) q.get("coverage")) {
                md.append("- ").append(Boolean.TRUE.equals(c.get("met")) ? "[x] " : "[ ] ").append(c.get("requirement"))
                        .append(Boolean.TRUE.equals(c.get("met")) ? " - `" + cell(firstLine(String.valueOf(c.get("evidence")))) + "`"
                                : " - MISSING: " + c.get("note")).append('\n');
            }
            md.append('\n');
        }
        md.append("## Tokens and cost per agent\n\n| agent | calls | input tokens | output tokens | cost (USD) |\n|---|---|---|---|---|\n");
        Map<String, Object> usage = (Map<String, Object>) json.get("usage");
        ((Map<String, Map<String, Object>>) usage.get("byAgent")).forEach((k, v) -> usageRow(md, k, v));
        usageRow(md, "**total**", (Map<String, Object>) usage.get("total"));
        return md.toString();
    }

    private static void usageRow(StringBuilder md, String agent, Map<String, Object> u) {
        md.append("| ").append(agent).append(" | ").append(u.get("calls")).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", (Long) u.get("inputTokens"))).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", (Long) u.get("outputTokens"))).append(" | ")
                .append(u.get("costUsd") == null ? "unknown" : "$" + u.get("costUsd")).append(" |\n");
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
