package io.q2o.demo;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder. */
@Command(name = "real-world", description = "Run the CoderAgent on three tasks without a template.")
public final class RealWorldCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
