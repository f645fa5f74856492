package io.q2o.demo.docs;

import io.q2o.llm.ChatMessage;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TextPart;
import io.q2o.llm.Tool;
import io.q2o.llm.ToolLoopResult;
import io.q2o.llm.TypedResponse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation, tool, typed-answer and image examples of docs/LLM_USAGE_GUIDE.md. Each region
 * between {@code // [name]} and {@code // [/name]} appears verbatim in the guide (checked by
 * {@code DocSnippetsTest}) and is run against the replay server by {@code ChatExamplesTest}.
 */
public final class ChatExamples {

    private ChatExamples() {
    }

    // [record-types]
    record LineItem(String description, int quantity, BigDecimal unitPrice) { }
    record Invoice(String customer, List<LineItem> items, BigDecimal total) { }

    record CityQuery(String city) { }
    record Temperature(String city, double celsius) { }
    // [/record-types]

    /** Stands in for a weather service. */
    static Temperature currentTemperature(String city) {
        return new Temperature(city, java.util.Map.of("Oslo", 4.0, "Rome", 18.0).getOrDefault(city, 10.0));
    }

    static List<ChatMessage> conversation(LlmService llm) {
        // [conversation]
        List<ChatMessage> history = new ArrayList<>(List.of(
                ChatMessage.system("You are a concise travel assistant."),
                ChatMessage.user("Suggest one city in Norway for a weekend trip.")));
        LlmResponse first = llm.complete(LlmRequest.builder().messages(history).build()).orThrow();
        history.add(first.toMessage());                       // the model's turn, kept in the history
        history.add(ChatMessage.user("What should I see there on a rainy day?"));
        LlmResponse second = llm.complete(LlmRequest.builder().messages(history).build()).orThrow();
        history.add(second.toMessage());
        // [/conversation]
        return history;
    }

    static TypedResponse<Invoice> recordOutput(LlmService llm) {
        // [record-output]
        TypedResponse<Invoice> r = llm.complete(
                LlmRequest.of("Extract the invoice.", "ACME Ltd ordered 3 bolts at 0.50 and 1 drill at 49.00."),
                Invoice.class);
        if (r.success()) {
            Invoice invoice = r.value();                     // schema-checked, read with Jackson
            System.out.println(invoice.customer() + ": " + invoice.total());
        } else {
            // STRUCTURED_OUTPUT_INVALID after one repair round: the raw answer is kept
            System.err.println(r.response().error() + "\n" + r.response().content());
        }
        // [/record-output]
        return r;
    }

    static ToolLoopResult toolLoop(LlmService llm) {
        // [tool-loop]
        Tool weather = Tool.of("current_temperature", "Current temperature of a city in Celsius",
                CityQuery.class, q -> currentTemperature(q.city()));   // the result is sent back as JSON
        ToolLoopResult result = llm.toolLoop()
                .tool(weather)
                .maxSteps(6)                          // model calls per run (default 10)
                .budget(new BigDecimal("0.05"))       // USD per run, a hard bound: each step is cut to fit
                .build()
                .run(LlmRequest.of("Answer with the tools.", "Is it warmer in Oslo or in Rome right now?"));
        if (result.success()) {
            System.out.println(result.content() + " (" + result.steps().size() + " model calls, $"
                    + result.totalCost().map(BigDecimal::toPlainString).orElse("unknown") + ")");
        } else {
            System.err.println(result.status() + ": " + result.message());
        }
        // [/tool-loop]
        return result;
    }

    static LlmResponse image(LlmService llm, byte[] png) {
        // [image]
        LlmResponse r = llm.complete(LlmRequest.builder()
                .messages(List.of(ChatMessage.user(
                        new TextPart("What does this chart show? One sentence."),
                        ImagePart.of(png, "image/png"))))     // or ImagePart.fromFile(path), ImagePart.url("https://…")
                .build());
        // [/image]
        return r;
    }
}
