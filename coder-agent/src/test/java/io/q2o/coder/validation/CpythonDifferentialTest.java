package io.q2o.coder.validation;

import io.q2o.coder.CodeComponent;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.Language;
import io.q2o.coder.Task;
import io.q2o.coder.template.TemplateRenderer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator against CPython itself: real Python files (the project's corpus, its bundled
 * templates rendered, and a sample of the local interpreter's standard library) and many
 * single-edit mutants of them ({@link PythonMutants}) go to {@code python3 -c compile()} and to
 * the validator; they must agree on whether the file is rejected and on the line.
 *
 * <p>Thresholds: no syntax error on an unmutated file; at least 99 % of the mutants CPython
 * rejects are rejected, at least 95 % on CPython's line. Misses are printed by mutation kind.
 * Without {@code python3} on the PATH the test is skipped — and fails when {@code CI=true}.
 * System properties: {@code q2o.differential.stdlibFiles} (default 60) standard-library files,
 * {@code q2o.differential.perKind} (default 1) mutants per file and kind, {@code q2o.differential.seed}.
 */
class CpythonDifferentialTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "corpus");
    private static final String COMPILE_SCRIPT = String.join("\n",
            "import sys",
            "out = []",
            "for path in open(sys.argv[1], encoding='utf-8').read().split('\\n'):",
            "    if not path: continue",
            "    try:",
            "        src = open(path, encoding='utf-8', newline='').read()",
            "        compile(src, path, 'exec', dont_inherit=True)",
            "        out.append('OK')",
            "    except SyntaxError as e:",
            "        out.append('ERR\\t%s\\t%s' % (e.lineno or 0, (e.msg or '').replace('\\t', ' ').replace('\\n', ' ')))",
            "    except (ValueError, RecursionError, MemoryError) as e:",
            "        out.append('SKIP')",
            "sys.stdout.write('\\n'.join(out) + '\\n')",
            "");

    private final PythonValidator validator = new PythonValidator();

    @TempDir
    Path tmp;

    private record Source(String name, String text) {
    }

    private record Verdict(boolean ok, int line, String message, boolean skip) {
    }

    @Test
    void agreesWithCpythonOnRealCodeAndItsMutants() throws Exception {
        String python = findPython();
        if (python == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("python3 is required on CI for the CPython differential test (install python3)");
            }
            Assumptions.abort("python3 not on the PATH: CPython differential test skipped");
        }
        List<Source> corpus = corpus(python);
        List<Verdict> base = cpython(python, corpus.stream().map(Source::text).toList());
        List<Source> valid = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            if (base.get(i).ok) {
                valid.add(corpus.get(i));
            }
        }

        List<String> falseOnOriginal = new ArrayList<>();
        for (Source s : valid) {
            List<Finding> errs = syntaxErrors(s.text);
            if (!errs.isEmpty()) {
                falseOnOriginal.add(s.name + " " + errs.get(0));
            }
        }

        int perKind = Integer.getInteger("q2o.differential.perKind", 1);
        long seed = Long.getLong("q2o.differential.seed", 20261207L);
        List<String> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> mutants = new ArrayList<>();
        for (int f = 0; f < valid.size(); f++) {
            PythonMutants gen = new PythonMutants(valid.get(f).text, seed + f);
            for (String kind : PythonMutants.KINDS) {
                for (int k = 0; k < perKind; k++) {
                    String m = gen.mutate(kind);
                    if (m != null && !m.equals(valid.get(f).text)) {
                        kinds.add(kind);
                        names.add(valid.get(f).name);
                        mutants.add(m);
                    }
                }
            }
        }
        List<Verdict> verdicts = cpython(python, mutants);

        Map<String, int[]> byKind = new TreeMap<>(); // rejected by CPython, missed, wrong line, accepted by CPython, falsely rejected
        Map<String, List<String>> examples = new LinkedHashMap<>();
        int rejected = 0;
        int caught = 0;
        int onLine = 0;
        int accepted = 0;
        int falseRejects = 0;
        for (int i = 0; i < mutants.size(); i++) {
            Verdict v = verdicts.get(i);
            if (v.skip) {
                continue;
            }
            int[] c = byKind.computeIfAbsent(kinds.get(i), k -> new int[5]);
            List<Finding> errs = syntaxErrors(mutants.get(i));
            if (v.ok) {
                accepted++;
                c[3]++;
                if (!errs.isEmpty()) {
                    falseRejects++;
                    c[4]++;
                    example(examples, kinds.get(i) + " (CPython accepts)", names.get(i) + ": " + errs.get(0));
                }
                continue;
            }
            rejected++;
            c[0]++;
            if (errs.isEmpty()) {
                c[1]++;
                example(examples, kinds.get(i) + " (missed)", names.get(i) + ": CPython line " + v.line + " " + v.message
                        + " | " + lineOf(mutants.get(i), v.line));
                continue;
            }
            caught++;
            if (errs.get(0).line() == v.line) {
                onLine++;
            } else {
                c[2]++;
                example(examples, kinds.get(i) + " (wrong line)", names.get(i) + ": CPython " + v.line + " " + v.message
                        + " | ours " + errs.get(0) + " | " + lineOf(mutants.get(i), v.line));
            }
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format("CPython differential: %d real files (%d not compiled by this CPython, left out), "
                        + "%d with a false syntax error; %d mutants: CPython rejects %d — validator rejects %d (%.2f %%), "
                        + "on CPython's line %d (%.2f %%); CPython accepts %d — validator rejects %d%n",
                valid.size(), corpus.size() - valid.size(), falseOnOriginal.size(), mutants.size(), rejected, caught,
                100.0 * caught / Math.max(1, rejected), onLine, 100.0 * onLine / Math.max(1, rejected), accepted, falseRejects));
        report.append(String.format("%-24s %9s %7s %11s %9s %15s%n", "kind", "rejected", "missed", "wrong line", "accepted", "falsely flagged"));
        byKind.forEach((k, c) -> report.append(String.format("%-24s %9d %7d %11d %9d %15d%n", k, c[0], c[1], c[2], c[3], c[4])));
        examples.forEach((k, l) -> l.forEach(e -> report.append("  ").append(k).append(": ").append(e).append('\n')));
        falseOnOriginal.forEach(e -> report.append("  false syntax error on a real file: ").append(e).append('\n'));
        System.out.print(report);

        assertThat(valid).as("real files in the corpus").hasSizeGreaterThanOrEqualTo(40);
        assertThat(falseOnOriginal).as("false syntax errors on real files").isEmpty();
        assertThat(rejected).as("mutants CPython rejects").isGreaterThanOrEqualTo(500);
        assertThat(100.0 * caught / rejected).as("%% of CPython-rejected mutants rejected\n%s", report).isGreaterThanOrEqualTo(99.0);
        assertThat(100.0 * onLine / rejected).as("%% of CPython-rejected mutants on CPython's line\n%s", report).isGreaterThanOrEqualTo(95.0);
        assertThat(100.0 * falseRejects / Math.max(1, accepted)).as("%% of CPython-accepted mutants flagged\n%s", report)
                .isLessThanOrEqualTo(2.0);
    }

    private static void example(Map<String, List<String>> examples, String key, String text) {
        List<String> l = examples.computeIfAbsent(key, k -> new ArrayList<>());
        if (l.size() < 3) {
            l.add(text.replace('\n', ' '));
        }
    }

    private static String lineOf(String text, int line) {
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1].strip() : "";
    }

    private List<Finding> syntaxErrors(String code) {
        return validator.validate(code, Language.PYTHON).findings(Category.SYNTAX).stream()
                .filter(f -> f.severity() == Severity.ERROR).toList();
    }

    // ------------------------------------------------------------------ corpus

    private List<Source> corpus(String python) throws IOException, InterruptedException {
        List<Source> out = new ArrayList<>();
        for (String dir : List.of("valid", "benign", "dangerous")) {
            try (Stream<Path> s = Files.list(CORPUS.resolve(dir))) {
                for (Path p : s.filter(x -> x.toString().endsWith(".py")).sorted().toList()) {
                    out.add(new Source(dir + "/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8)));
                }
            }
        }
        CoderAgent agent = CoderAgent.builder().outputRoot(tmp.resolve("out")).build();
        Task task = Task.builder().id("d1").title("Differential corpus").description("Rendered templates")
                .techStack("FastAPI").build();
        for (String name : TemplateRenderer.bundled().bundledTemplateNames()) {
            if (name.endsWith(".py.j2")) {
                CodeComponent c = CodeComponent.builder().name("item").outputPath("app/" + name.replace(".j2", ""))
                        .templateName(name).description("Generated component").build();
                out.add(new Source("template/" + name, agent.renderTemplate(task, c)));
            }
        }
        Path stdlib = stdlib(python);
        if (stdlib != null) {
            sample(stdlib, "stdlib/", Integer.getInteger("q2o.differential.stdlibFiles", 60), 3, out);
        }
        String dirs = System.getProperty("q2o.differential.dirs", "");
        for (String d : dirs.split(java.io.File.pathSeparator)) {
            if (!d.isBlank()) {
                sample(Path.of(d), d + "/", Integer.getInteger("q2o.differential.dirFiles", 1000), 20, out);
            }
        }
        return out;
    }

    /** An evenly spaced sample of up to {@code count} Python files under {@code root}, without test data. */
    private static void sample(Path root, String label, int count, int maxDepth, List<Source> out) throws IOException {
        if (count <= 0 || !Files.isDirectory(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root, maxDepth)) {
            all = s.filter(p -> p.toString().endsWith(".py"))
                    .filter(p -> maxDepth > 3 || !p.toString().contains("site-packages"))
                    .filter(p -> !p.toString().contains("/test") && !p.toString().contains("lib2to3")
                            && !p.toString().contains("idle_test"))
                    .filter(p -> size(p) > 1_000 && size(p) < 60_000)
                    .sorted().toList();
        }
        int step = Math.max(1, all.size() / count);
        for (int i = 0; i < all.size(); i += step) {
            try {
                out.add(new Source(label + root.relativize(all.get(i)), Files.readString(all.get(i), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // not UTF-8 (a legacy coding cookie): not part of the sample
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private Path stdlib(String python) throws IOException, InterruptedException {
        List<String> out = run(List.of(python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"), null);
        if (out.isEmpty()) {
            return null;
        }
        Path p = Path.of(out.get(0).strip());
        return Files.isDirectory(p) ? p : null;
    }

    // ------------------------------------------------------------------ CPython

    private static String findPython() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private List<Verdict> cpython(String python, List<String> sources) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(tmp, "src");
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            Path f = dir.resolve(i + ".py");
            Files.writeString(f, sources.get(i), StandardCharsets.UTF_8);
            list.append(f).append('\n');
        }
        Path listFile = dir.resolve("files.txt");
        Files.writeString(listFile, list, StandardCharsets.UTF_8);
        Path script = dir.resolve("compile_all.py");
        Files.writeString(script, COMPILE_SCRIPT, StandardCharsets.UTF_8);
        List<String> lines = run(List.of(python, "-I", script.toString(), listFile.toString()), null);
        assertThat(lines).as("one CPython verdict per file").hasSize(sources.size());
        List<Verdict> out = new ArrayList<>();
        for (String l : lines) {
            if (l.equals("OK")) {
                out.add(new Verdict(true, 0, "", false));
            } else if (l.equals("SKIP")) {
                out.add(new Verdict(false, 0, "", true));
            } else {
                String[] p = l.split("\t", 3);
                out.add(new Verdict(false, Integer.parseInt(p[1]), p.length > 2 ? p[2] : "", false));
            }
        }
        return out;
    }

    private static List<String> run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("python3 did not finish: " + command);
        }
        List<String> lines = new ArrayList<>(List.of(out.split("\n")));
        lines.removeIf(String::isEmpty);
        return lines;
    }
}
