package io.q2o.llm.spring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A minimal application using the starter: no configuration class of its own, the
 * {@link io.q2o.llm.LlmService} comes from the auto-configuration and {@code q2o.llm.*} properties.
 */
@SpringBootApplication
public class SampleApplication {

    /** @param args command-line arguments, e.g. {@code --q2o.llm.primary=openai} */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
