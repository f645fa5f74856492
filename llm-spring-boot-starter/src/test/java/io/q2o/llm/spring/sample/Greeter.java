package io.q2o.llm.spring.sample;

import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import org.springframework.stereotype.Component;

/** The sample's business bean: asks the model for a greeting through the injected service. */
@Component
public class Greeter {

    private final LlmService llm;

    /** @param llm the auto-configured service */
    public Greeter(LlmService llm) {
        this.llm = llm;
    }

    /**
     * @param name who to greet
     * @return the model's answer (with usage and cost)
     */
    public LlmResponse greet(String name) {
        return llm.complete(LlmRequest.of("You write one-line greetings.", "Greet " + name));
    }
}
