package io.q2o.demo;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;

import java.util.Map;

/** Lets the docs examples' tests (another package) run on the pipeline command's bundled recordings. */
public final class PipelineCommandAccess {

    private PipelineCommandAccess() {
    }

    /** An offline session over the bundled recordings, and the objective they answer. */
    public static final class Offline implements AutoCloseable {
        private final PipelineCommand.Session session;

        Offline(PipelineCommand.Session session) {
            this.session = session;
        }

        /** @return the service */
        public LlmService service() {
            return session.service;
        }

        /** @return the objective the recordings answer */
        public String objective() {
            return PipelineCommand.DEFAULT_OBJECTIVE;
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /** @return an offline session */
    public static Offline offline() {
        return new Offline(PipelineCommand.offline(LlmConfig.builder().environment(Map.of()).isolated(), PipelineCommand.bundled()));
    }
}
