package io.q2o.llm.mcp.server;

import io.q2o.coder.validation.Finding;
import io.q2o.coder.validation.ValidationReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A validation report as plain maps and lists (the tools' structured content). Stateless. */
final class FindingsJson {
    private FindingsJson() {
    }

    static Map<String, Object> of(ValidationReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("language", report.language().id());
        out.put("passed", report.passed());
        out.put("errors", report.errors().size());
        out.put("quality", report.quality().score());
        out.put("findings", findings(report.findings()));
        return out;
    }

    private static List<Map<String, Object>> findings(List<Finding> findings) {
        return findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", f.category().name());
            m.put("severity", f.severity().name());
            m.put("rule", f.ruleId());
            m.put("message", f.message());
            m.put("line", f.line());
            m.put("column", f.column());
            return m;
        }).toList();
    }
}
