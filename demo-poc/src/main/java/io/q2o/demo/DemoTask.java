package io.q2o.demo;

import io.q2o.coder.CodeComponent;
import io.q2o.coder.Language;
import io.q2o.coder.Task;
import io.q2o.coder.template.TemplateRenderer;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The plan's demo task: "Create Stripe webhook endpoint" with FastAPI, Stripe and Pydantic. */
final class DemoTask {
    static final String ID = "demo_stripe_webhook";
    static final String TITLE = "Create Stripe webhook endpoint";
    static final List<String> TECH_STACK = List.of("FastAPI", "Stripe", "Pydantic");
    static final List<String> REQUIREMENTS = List.of(
            "Handle stripe webhook events",
            "Verify webhook signature",
            "Process payment_intent.succeeded",
            "Return 200 status",
            "Log all events");
    /**
     * What both outputs must contain to count as solving the task: the event it processes, the
     * signature check and the 200 answer (checked on the syntax tree by the validator).
     */
    static final List<String> REQUIRED_ELEMENTS = List.of("payment_intent.succeeded", "stripe.Webhook.construct_event",
            "status.HTTP_200_OK");

    static final String TEMPLATE_FILE = "template_output.py";
    static final String LLM_FILE = "llm_output.py";

    private DemoTask() {
    }

    /** @return the task description with the requirements, as sent to the LLM */
    static String description() {
        StringBuilder sb = new StringBuilder(TITLE).append("\n\nRequirements:");
        REQUIREMENTS.forEach(r -> sb.append("\n- ").append(r));
        return sb.toString();
    }

    /** @return the task as the CoderAgent sees it */
    static Task task(String templateName) {
        return Task.builder().id(ID).title(TITLE).description(String.join("; ", REQUIREMENTS))
                .techStack(TECH_STACK).component(component(templateName, TEMPLATE_FILE)).build();
    }

    /**
     * @param templateName the template, or {@code null}
     * @param outputPath   where the file goes
     * @return the webhook component
     */
    static CodeComponent component(String templateName, String outputPath) {
        CodeComponent.Builder b = CodeComponent.builder().name("Stripe webhook endpoint").outputPath(outputPath)
                .language(Language.PYTHON).description(description()).requiredElements(REQUIRED_ELEMENTS)
                .templateVariable("events", List.of("payment_intent.succeeded"));
        if (templateName != null) {
            b.templateName(templateName);
        }
        return b.build();
    }

    /**
     * @param templates the renderer
     * @return the bundled template for a Stripe webhook, if any
     */
    static Optional<String> findTemplate(TemplateRenderer templates) {
        return templates.bundledTemplateNames().stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).contains("stripe") && n.toLowerCase(Locale.ROOT).contains("webhook"))
                .sorted()
                .findFirst();
    }
}
