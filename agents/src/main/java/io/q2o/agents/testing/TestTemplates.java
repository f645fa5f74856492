package io.q2o.agents.testing;

import io.q2o.agents.CodeArtifact;
import io.q2o.coder.Language;
import io.q2o.coder.template.TemplateRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template path of the TestingAgent: smoke tests that load the module and check that each
 * public name it defines exists (pytest, JUnit 5, Jest). Public names are read from the code:
 * top-level {@code def}/{@code class} not starting with {@code _} (Python), public methods
 * (Java), exports (JavaScript/TypeScript). Rendered with the CoderAgent's Jinja renderer.
 * Thread-safe.
 */
final class TestTemplates {
    private static final Pattern PY = Pattern.compile("(?m)^(?:async\\s+)?(?:def|class)\\s+([A-Za-z]\\w*)");
    private static final Pattern JAVA_METHOD = Pattern.compile(
            "(?m)^\\s*public\\s+(?:static\\s+)?(?:final\\s+)?(?:<[^>]+>\\s+)?[\\w<>\\[\\],.? ]+\\s+([a-z]\\w*)\\s*\\(");
    private static final Pattern JAVA_CLASS = Pattern.compile("(?m)^\\s*public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|enum|interface)\\s+(\\w+)");
    private static final Pattern JAVA_PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern JS = Pattern.compile(
            "(?m)^\\s*export\\s+(?:default\\s+)?(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+([A-Za-z_$][\\w$]*)"
                    + "|module\\.exports\\.([A-Za-z_$][\\w$]*)\\s*=|^\\s*exports\\.([A-Za-z_$][\\w$]*)\\s*=");

    private final TemplateRenderer renderer;

    TestTemplates(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /** The public names a smoke test checks. */
    static List<String> symbols(CodeArtifact a) {
        Set<String> out = new LinkedHashSet<>();
        Pattern p = a.language() == Language.PYTHON ? PY : a.language() == Language.JAVA ? JAVA_METHOD : JS;
        Matcher m = p.matcher(a.code());
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    out.add(m.group(g));
                }
            }
        }
        return List.copyOf(out);
    }

    String render(TestFramework framework, CodeArtifact a, String testPath) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        String file = a.path().substring(a.path().lastIndexOf('/') + 1);
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        ctx.put("source_path", a.path());
        ctx.put("file_name", file);
        ctx.put("stem", stem);
        ctx.put("module_name", stem.replaceAll("\\W", "_"));
        ctx.put("depth", (int) testPath.chars().filter(c -> c == '/').count());
        ctx.put("symbols", symbols(a));
        ctx.put("typescript", a.language() == Language.TYPESCRIPT || a.language() == Language.TSX);
        if (framework == TestFramework.JUNIT5) {
            Matcher c = JAVA_CLASS.matcher(a.code());
            ctx.put("class_name", c.find() ? c.group(1) : stem);
            Matcher pk = JAVA_PACKAGE.matcher(a.code());
            ctx.put("package", pk.find() ? pk.group(1) : "");
        }
        return renderer.renderString(load(framework), ctx);
    }

    private static String load(TestFramework f) {
        String name = switch (f) {
            case PYTEST -> "pytest_smoke.py.j2";
            case JUNIT5 -> "junit5_smoke.java.j2";
            case JEST -> "jest_smoke.test.js.j2";
        };
        try (InputStream in = TestTemplates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("bundled test template " + name + " is missing from the agents jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled test template " + name, e);
        }
    }
}
