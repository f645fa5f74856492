package io.q2o.demo;

/** Placeholder until the CoderAgent lands. */
final class DemoCommand {
    private final DemoApp app;

    DemoCommand(DemoApp app) {
        this.app = app;
    }

    int run() {
        app.out().println("demo");
        return 0;
    }
}
