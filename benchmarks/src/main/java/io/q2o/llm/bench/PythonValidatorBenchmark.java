package io.q2o.llm.bench;

import io.q2o.coder.Language;
import io.q2o.coder.validation.Category;
import io.q2o.coder.validation.PythonValidator;
import io.q2o.coder.validation.Severity;
import io.q2o.coder.validation.ValidationReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python validator alone, on a valid generated module of 1,000 and 5,000 lines (or a real
 * file given with {@code -p file=…}): the full
 * {@code validate} (tokenizer pass, parse, syntax rules, names, security rules,
 * secret scan, quality) and {@code syntaxValid} (syntax only). The module's text is also
 * written to {@code target/python-validator-<lines>.py} so CPython's {@code compile()} can be
 * timed on the very same text ({@code docs/BENCHMARKS.md} gives the command).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PythonValidatorBenchmark {

    /** Lines of the validated module. */
    @Param({"1000", "5000"})
    public int lines;

    /**
     * A real Python file to validate instead of the generated module (empty: the generated one),
     * e.g. {@code -p file=/usr/lib/python3.11/functools.py -p lines=1000}; {@code lines} then only
     * labels the result. The file must be free of syntax errors.
     */
    @Param({""})
    public String file;

    private PythonValidator validator;
    private String python;

    /** Builds the module, checks it validates without errors, and writes it out for CPython. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        validator = new PythonValidator();
        python = file.isEmpty() ? PythonSource.lines(lines) : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        ValidationReport report = validate();
        // a real file may hold security findings (eval…); it must still be valid Python
        if (report.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR
                && (file.isEmpty() || f.category() == Category.SYNTAX))) {
            throw new IllegalStateException("the generated Python file has errors: " + report.describeErrors());
        }
        if (!file.isEmpty()) {
            return;
        }
        Path out = Path.of("target", "python-validator-" + lines + ".py");
        Files.createDirectories(out.getParent());
        Files.writeString(out, python, StandardCharsets.UTF_8);
    }

    /** @return the full validation report */
    @Benchmark
    public ValidationReport validate() {
        return validator.validate(python, Language.PYTHON);
    }

    /** @return whether the module is syntactically valid */
    @Benchmark
    public boolean syntaxValid() {
        return validator.syntaxValid(python, Language.PYTHON);
    }
}
