package io.q2o.llm.bench;

import io.q2o.coder.Language;
import io.q2o.coder.template.TemplateRenderer;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.Severity;
import io.q2o.coder.validation.ValidationReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Area 5, the coder agent's local work: rendering the bundled {@code fastapi_endpoint} template
 * with five fields (Jinjava), and validating a 1,000-line Python file (tokenizer, parse, syntax
 * rules, names, security scan, quality measure) with the default validators.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CoderAgentBenchmark {

    /** Lines of the validated Python file. */
    public static final int PYTHON_LINES = 1_000;

    private TemplateRenderer renderer;
    private Map<String, Object> context;
    private CodeValidators validators;
    private String python;

    /** Builds the renderer, the validators and the Python file, and checks both outputs once. */
    @Setup(Level.Trial)
    public void setUp() {
        renderer = TemplateRenderer.bundled();
        context = Map.of("name", "order item", "description", "Order items API", "fields", List.of(
                Map.of("name", "sku", "type", "str"),
                Map.of("name", "display name", "type", "str", "optional", true),
                Map.of("name", "quantity", "type", "int"),
                Map.of("name", "unit price", "type", "float"),
                Map.of("name", "gift wrapped", "type", "bool", "optional", true)));
        validators = CodeValidators.defaults();
        python = PythonSource.lines(PYTHON_LINES);
        if (!renderTemplate().contains("class OrderItemCreate")) {
            throw new IllegalStateException("unexpected template output");
        }
        ValidationReport report = validatePython();
        if (report.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
            throw new IllegalStateException("the generated Python file has errors: " + report.describeErrors());
        }
    }

    /** @return the rendered template */
    @Benchmark
    public String renderTemplate() {
        return renderer.render("fastapi_endpoint", context);
    }

    /** @return the validation report of the 1,000-line Python file */
    @Benchmark
    public ValidationReport validatePython() {
        return validators.validate(python, Language.PYTHON, List.of());
    }
}
