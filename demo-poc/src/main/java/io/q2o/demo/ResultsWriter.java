package io.q2o.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.q2o.coder.write.OutputRoot;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Writes the demo's {@code results.md} (a table of the measured figures and the findings) and {@code results.json}. */
final class ResultsWriter {
    static final String MARKDOWN = "results.md";
    static final String JSON = "results.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsWriter() {
    }

    static void write(OutputRoot files, DemoResult r) throws IOException {
        files.write(JSON, MAPPER.writeValueAsString(r) + "\n");
        files.write(MARKDOWN, markdown(r));
    }

    /** The QA rubric scores of both files, with every reason for a lost point. */
    private static void review(StringBuilder md, DemoResult r) {
        if (r.templateReview() == null && r.llmReview() == null) {
            return;
        }
        DemoReview.Score t = r.templateReview();
        DemoReview.Score l = r.llmReview();
        md.append("## QA review (rubric)\n\n");
        md.append("Reviewed by ").append(t != null ? t.reviewer() : l.reviewer())
                .append(", not the provider that wrote the LLM's file. Rubric: requirement coverage 40 (each requirement")
                .append(" matched to code the reviewer quotes), review findings 40 (-25 critical, -15 high, -6 medium,")
                .append(" -2 low), validator 20.\n\n");
        md.append("| part | template | LLM |\n|---|---|---|\n");
        row(md, "QA score", t == null ? "-" : t.score() + "/100", l == null ? "-" : l.score() + "/100");
        row(md, "- requirement coverage (of 40)", t == null ? "-" : String.valueOf(t.coverage()), l == null ? "-" : String.valueOf(l.coverage()));
        row(md, "- review findings (of 40)", t == null ? "-" : String.valueOf(t.findings()), l == null ? "-" : String.valueOf(l.findings()));
        row(md, "- validator (of 20)", t == null ? "-" : String.valueOf(t.validator()), l == null ? "-" : String.valueOf(l.validator()));
        row(md, "verdict", t == null ? "-" : t.verdict(), l == null ? "-" : l.verdict());
        md.append('\n');
        for (DemoReview.Score s : new DemoReview.Score[] {t, l}) {
            if (s == null) {
                continue;
            }
            md.append(s == t ? "Template" : "LLM").append(" - points lost:\n");
            if (s.error() != null) {
                md.append("- review failed: ").append(s.error()).append('\n');
            }
            if (s.reasons().isEmpty() && s.error() == null) {
                md.append("- none\n");
            }
            s.reasons().forEach(x -> md.append("- ").append(x.replace("\n", " ")).append('\n'));
            md.append('\n');
        }
    }

    static String markdown(DemoResult r) {
        StringBuilder md = new StringBuilder();
        md.append("# Q2O LLM Integration - Proof of Concept: results\n\n");
        md.append("- Task: **").append(r.title()).append("** (").append(String.join(", ", r.techStack())).append(")\n");
        for (String req : r.requirements()) {
            md.append("  - ").append(req).append('\n');
        }
        md.append("- Mode: ").append(r.mode()).append(" - ").append(r.notice()).append('\n');
        md.append("- Run at: ").append(r.generatedAt()).append("\n\n");

        DemoResult.Generation t = r.template();
        DemoResult.Generation l = r.llm();
        DemoResult.Usage u = r.usage();
        md.append("## Measured figures\n\n");
        md.append("| figure | template | LLM |\n|---|---|---|\n");
        row(md, "source", t.source(), l.source());
        row(md, "file", t.file() == null ? "-" : "`" + t.file() + "`", l.file() == null ? "-" : "`" + l.file() + "`");
        row(md, "characters", num(t.characters(), t.generated()), num(l.characters(), l.generated()));
        row(md, "lines", num(t.lines(), t.generated()), num(l.lines(), l.generated()));
        row(md, "input tokens", "-", u == null ? "-" : String.format(Locale.ROOT, "%,d", u.inputTokens()));
        row(md, "output tokens", "-", u == null ? "-" : String.format(Locale.ROOT, "%,d", u.outputTokens()));
        row(md, "cost (USD, exact)", "$0", u == null ? "-" : u.costUsd() == null ? "unknown" : "$" + u.costUsd());
        row(md, "generation time", DemoCommand.seconds(t.millis()), DemoCommand.seconds(l.millis())
                + (u != null && u.firstChunkMillis() != null ? " (first chunk " + DemoCommand.seconds(u.firstChunkMillis()) + ")" : "")
                + ("offline".equals(r.mode()) ? " - local replay" : ""));
        row(md, "quality score", t.quality() == null ? "-" : t.quality() + "/100", l.quality() == null ? "-" : l.quality() + "/100");
        for (DemoResult.Measure m : l.measures().isEmpty() ? t.measures() : l.measures()) {
            row(md, "- " + m.displayName() + " (of " + m.weight() + ")", measure(t, m.name()), measure(l, m.name()));
        }
        row(md, "valid", t.generated() ? (t.valid() ? "yes" : "no") : "-", l.generated() ? (l.valid() ? "yes" : "no") : "-");
        row(md, "errors / warnings", t.errors() + " / " + t.warnings(), l.errors() + " / " + l.warnings());
        md.append('\n');

        review(md, r);
        md.append("## Validation findings\n\n");
        findings(md, "Template", t);
        findings(md, "LLM", l);

        md.append("## Key findings\n\n");
        for (String line : r.keyFindings()) {
            // "+ text" / "- text" / "= text" become "- [+] text" …
            md.append("- [").append(line.charAt(0)).append("] ").append(line.substring(2)).append('\n');
        }
        md.append("\n`[+]` in favour of the LLM approach, `[-]` against it, `[=]` neutral.\n");
        md.append("\n**").append(r.verdict()).append("**\n\nRecommendation: ").append(r.recommendation()).append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String a, String b) {
        md.append("| ").append(name).append(" | ").append(cell(a)).append(" | ").append(cell(b)).append(" |\n");
    }

    private static String cell(String s) {
        return s == null ? "-" : s.replace("|", "\\|");
    }

    private static String num(int n, boolean generated) {
        return generated ? String.format(Locale.ROOT, "%,d", n) : "-";
    }

    private static String measure(DemoResult.Generation g, String name) {
        return g.measures().stream().filter(m -> m.name().equals(name)).findFirst()
                .map(m -> m.applicable() ? String.format(Locale.ROOT, "%.0f (%.0f%%)", m.points(), 100 * m.ratio()) : "n/a")
                .orElse("-");
    }

    private static void findings(StringBuilder md, String who, DemoResult.Generation g) {
        md.append("### ").append(who).append("\n\n");
        if (!g.generated()) {
            md.append("Not generated: ").append(g.error()).append("\n\n");
            return;
        }
        md.append(g.valid() ? "Valid" : "**Invalid**").append(" - ").append(g.errors()).append(" error(s), ")
                .append(g.warnings()).append(" warning(s).\n\n");
        List<String> f = g.findings();
        if (f.isEmpty()) {
            md.append("No findings.\n\n");
        } else {
            for (String s : f) {
                md.append("- `").append(s.replace("`", "'")).append("`\n");
            }
            md.append('\n');
        }
        for (DemoResult.Measure m : g.measures()) {
            md.append("- ").append(m.displayName()).append(": ").append(m.detail()).append('\n');
        }
        md.append('\n');
    }
}
