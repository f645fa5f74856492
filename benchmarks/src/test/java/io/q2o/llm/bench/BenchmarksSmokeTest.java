package io.q2o.llm.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark once, in this JVM, with one short measured iteration and no warm-up, so
 * that a benchmark that no longer compiles, starts or gets its answer fails the build. Nothing
 * about timing is asserted: the numbers of such a run mean nothing. The real run is described in
 * docs/BENCHMARKS.md.
 */
class BenchmarksSmokeTest {

    private static final List<Class<?>> BENCHMARKS = List.of(OverheadBenchmark.class,
            CommonPoolOverheadBenchmark.class, CacheBenchmark.class, ConcurrencyBenchmark.class,
            CommonPoolConcurrencyBenchmark.class, StubCeilingConcurrencyBenchmark.class,
            RawSdkConcurrencyBenchmark.class, BookkeepingBenchmark.class, CoderAgentBenchmark.class,
            PythonValidatorBenchmark.class);

    @Test
    void everyBenchmarkRunsOnce() throws Exception {
        // a developer's real benchmark run may hold JMH's lock file; the smoke run does not need it
        System.setProperty("jmh.ignoreLock", "true");
        OptionsBuilder builder = new OptionsBuilder();
        BENCHMARKS.forEach(c -> builder.include("^" + c.getName().replace(".", "\\.") + "\\.\\w+$"));
        Options options = builder
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                // the closed loop of 512 and 2,048 calls is the same code as 64, only slower
                .param("inFlight", "64")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = results.stream().map(r -> r.getParams().getBenchmark()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = BENCHMARKS.stream()
                .flatMap(c -> Arrays.stream(c.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                        .map(Method::getName).map(m -> c.getName() + "." + m))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ran).isEqualTo(declared);
        // every parameter combination ran too: overhead 10 + 3, cache 2 x 3 prompt sizes, concurrency 1 + 1 x 2 + 1 + 1,
        // bookkeeping 3, coder agent 2, Python validator 2 x 2 file sizes
        assertThat(results).hasSize(33);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
    }
}
