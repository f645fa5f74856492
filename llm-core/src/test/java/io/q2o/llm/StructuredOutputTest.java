package io.q2o.llm;

import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StructuredOutputTest {

    record City(String name, int population, List<String> districts) {
    }

    private final Fixture fx = new Fixture();
    private final ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
    private final ScriptedProvider openai = fx.provider("openai", "gpt-4o");

    private static LlmRequest ask() {
        return LlmRequest.builder().systemPrompt("Extract the city.").userPrompt("Bergen has 290000 people.").build();
    }

    @Test
    void validAnswerIsReadIntoTheRecordAndTheSchemaIsSentNatively() {
        gemini.answer("gpt-4o-mini", "{\"name\":\"Bergen\",\"population\":290000,\"districts\":[\"Arna\"]}",
                TokenCounts.of(100, 20));
        try (LlmService s = fx.build()) {
            TypedResponse<City> r = s.complete(ask(), City.class);

            assertThat(r.success()).isTrue();
            assertThat(r.orThrow()).isEqualTo(new City("Bergen", 290000, List.of("Arna")));
            assertThat(r.repaired()).isFalse();
            ProviderRequest sent = gemini.requests().get(0);
            assertThat(sent.responseFormat()).isEqualTo(ResponseFormat.JSON);
            assertThat(sent.responseSchema().name()).isEqualTo("City");
            assertThat(sent.responseSchema().schema().path("required")).hasSize(3);
        }
    }

    @Test
    void oneRepairRoundSendsTheValidationErrorsAndSucceeds() {
        gemini.answer("gpt-4o-mini", "{\"name\":\"Bergen\",\"population\":\"many\"}", TokenCounts.of(100, 20));
        gemini.answer("gpt-4o-mini", "{\"name\":\"Bergen\",\"population\":290000,\"districts\":[]}", TokenCounts.of(150, 20));
        try (LlmService s = fx.build()) {
            TypedResponse<City> r = s.complete(ask(), City.class);

            assertThat(r.success()).isTrue();
            assertThat(r.repaired()).isTrue();
            assertThat(r.value().population()).isEqualTo(290000);
            assertThat(r.calls()).hasSize(2);
            ProviderRequest repair = gemini.requests().get(1);
            List<ChatMessage> m = repair.messages();
            assertThat(m.get(0)).isEqualTo(ChatMessage.system("Extract the city."));
            assertThat(m.get(2)).isEqualTo(ChatMessage.assistant("{\"name\":\"Bergen\",\"population\":\"many\"}"));
            String prompt = ((UserMessage) m.get(3)).text();
            assertThat(prompt).startsWith(StructuredOutput.REPAIR_PROMPT).contains("population").contains("districts");
            assertThat(repair.responseSchema()).isEqualTo(gemini.requests().get(0).responseSchema());
            BigDecimal first = r.calls().get(0).usage().totalCost().orElseThrow();
            BigDecimal second = r.calls().get(1).usage().totalCost().orElseThrow();
            assertThat(r.totalCost()).contains(first.add(second));
        }
    }

    @Test
    void failedRepairIsATypedErrorWithTheRawTextAndItsCost() {
        gemini.answer("gpt-4o-mini", "Bergen, about 290k people", TokenCounts.of(100, 20));
        gemini.answer("gpt-4o-mini", "{\"name\":\"Bergen\"}", TokenCounts.of(150, 10));
        try (LlmService s = fx.build()) {
            TypedResponse<City> r = s.complete(ask(), City.class);

            assertThat(r.success()).isFalse();
            assertThat(r.value()).isNull();
            assertThat(r.response().error().kind()).isEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
            assertThat(r.response().content()).isEqualTo("{\"name\":\"Bergen\"}");
            assertThat(r.response().usage().outputTokens()).isEqualTo(10);
            assertThat(r.calls()).hasSize(2);
            assertThat(r.totalCost().orElseThrow()).isPositive();
            assertThat(s.usageStats().failedCalls()).isEqualTo(2);
        }
    }

    @Test
    void providerFailureIsReturnedWithoutARepairRound() {
        gemini.fail("gpt-4o-mini", 10, new ServerErrorException("gemini", 503, null, "down", null));
        openai.fail("gpt-4o", 10, new ServerErrorException("openai", 503, null, "down", null));
        fx.set("Q2O_LLM_MAX_RETRIES", "0");
        try (LlmService s = fx.build()) {
            TypedResponse<City> r = s.complete(ask(), City.class);
            assertThat(r.success()).isFalse();
            assertThat(r.calls()).hasSize(1);
            assertThat(r.response().error().kind()).isNotEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
        }
    }

    @Test
    void jsonModeWithProseIsNeverSuccess() {
        gemini.answer("gpt-4o-mini", "Sure! Here is the JSON you asked for: {\"a\":1}", TokenCounts.of(10, 10));
        try (LlmService s = fx.build()) {
            LlmResponse r = s.complete(LlmRequest.builder().userPrompt("json please").responseFormat(ResponseFormat.JSON).build());
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
            assertThat(r.error().code()).isEqualTo("not-json");
            assertThat(r.content()).startsWith("Sure!");
            assertThat(r.usage().inputTokens()).isEqualTo(10);
        }
    }

    @Test
    void jsonModeAcceptsFencedJsonAndReturnsItBare() {
        gemini.answer("gpt-4o-mini", "```json\n{\"a\": [1, 2]}\n```", TokenCounts.of(10, 10));
        try (LlmService s = fx.build()) {
            LlmResponse r = s.complete(LlmRequest.builder().userPrompt("json please").responseFormat(ResponseFormat.JSON).build());
            assertThat(r.success()).isTrue();
            assertThat(r.content()).isEqualTo("{\"a\": [1, 2]}");
        }
    }

    @Test
    void schemaRequestThroughThePlainApiIsCheckedToo() {
        gemini.answer("gpt-4o-mini", "{\"other\":true}", TokenCounts.of(10, 10));
        try (LlmService s = fx.build()) {
            LlmResponse r = s.complete(ask().toBuilder().responseSchema(ResponseSchema.fromType(City.class)).build());
            assertThat(r.success()).isFalse();
            assertThat(r.error().code()).isEqualTo("schema");
            assertThat(r.error().message()).contains("City");
        }
    }

    enum Kind { CITY, TOWN }

    record Stop(String name, Kind kind, java.time.LocalDate opened, java.util.Optional<String> note) {
    }

    record Route(String id, List<Stop> stops, List<Kind> kinds, java.util.Optional<Integer> minutes) {
    }

    @Test
    void recordsWithNestedListsEnumsOptionalsAndDatesAreReadWithoutARepairRound() {
        gemini.answer("gpt-4o-mini", """
                {"id": "R1", "kinds": ["TOWN"], "minutes": null,
                 "stops": [{"name": "Arna", "kind": "TOWN", "opened": "1964-12-01", "note": "tunnel"},
                           {"name": "Bergen", "kind": "CITY", "opened": "1883-07-11", "note": null}]}
                """, TokenCounts.of(100, 40));
        try (LlmService s = fx.build()) {
            TypedResponse<Route> r = s.complete(ask(), Route.class);

            assertThat(r.success()).as(String.valueOf(r.response().error())).isTrue();
            assertThat(r.calls()).hasSize(1);
            assertThat(r.value()).isEqualTo(new Route("R1", List.of(
                    new Stop("Arna", Kind.TOWN, java.time.LocalDate.of(1964, 12, 1), java.util.Optional.of("tunnel")),
                    new Stop("Bergen", Kind.CITY, java.time.LocalDate.of(1883, 7, 11), java.util.Optional.empty())),
                    List.of(Kind.TOWN), java.util.Optional.empty()));
            String schema = gemini.requests().get(0).responseSchema().schemaJson();
            assertThat(schema).contains("\"enum\":[\"CITY\",\"TOWN\"]").contains("\"format\":\"date\"");
        }
    }

    @Test
    void theAsyncTypedCallRepairsOnceAndFailsWithTheSameTypedError() {
        gemini.answer("gpt-4o-mini", "{\"name\":\"Bergen\",\"population\":\"many\"}", TokenCounts.of(100, 20));
        gemini.answer("gpt-4o-mini", "{\"name\":\"Bergen\",\"population\":290000,\"districts\":[\"Arna\"]}",
                TokenCounts.of(150, 20));
        gemini.answer("gpt-4o-mini", "Bergen, about 290k people", TokenCounts.of(100, 20));
        gemini.answer("gpt-4o-mini", "{\"name\":\"Bergen\"}", TokenCounts.of(150, 10));
        try (LlmService s = fx.build()) {
            TypedResponse<City> repaired = s.completeAsync(ask(), City.class).join();

            assertThat(repaired.success()).isTrue();
            assertThat(repaired.repaired()).isTrue();
            assertThat(repaired.value()).isEqualTo(new City("Bergen", 290000, List.of("Arna")));
            assertThat(((UserMessage) gemini.requests().get(1).messages().get(3)).text())
                    .startsWith(StructuredOutput.REPAIR_PROMPT).contains("population");

            TypedResponse<City> failed = s.completeAsync(ask(), City.class).join();
            assertThat(failed.success()).isFalse();
            assertThat(failed.calls()).hasSize(2);
            assertThat(failed.response().error().kind()).isEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
            assertThat(failed.response().content()).isEqualTo("{\"name\":\"Bergen\"}");
            assertThat(gemini.calls()).isEqualTo(4);
        }
    }

    @Test
    void aDryRunTypedCallHasNoValueInsteadOfThrowing() {
        fx.set("Q2O_LLM_DRY_RUN", "true");
        try (LlmService s = fx.build()) {
            TypedResponse<City> r = s.complete(ask(), City.class);
            TypedResponse<City> async = s.completeAsync(ask(), City.class).join();

            for (TypedResponse<City> t : List.of(r, async)) {
                assertThat(t.simulated()).isTrue();
                assertThat(t.success()).isFalse();
                assertThat(t.value()).isNull();
                assertThat(t.calls()).hasSize(1);
                assertThat(t.response().content()).startsWith("[dry run]");
                org.assertj.core.api.Assertions.assertThatThrownBy(t::orThrow)
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Q2O_LLM_DRY_RUN");
            }
            assertThat(gemini.calls()).isZero();
        }
    }
}
