package io.q2o.coder.template;

import io.q2o.coder.CodeComponent;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.Task;
import io.q2o.coder.validation.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bundled template renders — with defaults and with variables — to code that passes validation. */
class BundledTemplatesTest {
    @TempDir
    static Path out;

    static final Task TASK = Task.builder().id("t1").title("Create Stripe webhook endpoint")
            .description("Handle stripe webhook events").techStack("FastAPI", "Stripe", "Pydantic").build();

    static Stream<Arguments> cases() {
        List<Map<String, Object>> fields = List.of(
                Map.of("name", "email", "type", "str", "length", 255, "unique", true, "index", true),
                Map.of("name", "display name", "type", "str", "optional", true),
                Map.of("name", "age", "type", "int", "optional", true),
                Map.of("name", "balance", "type", "float"),
                Map.of("name", "active", "type", "bool"));
        List<Map<String, Object>> modelFields = List.of(
                Map.of("name", "email", "type", "str", "length", 255, "unique", true, "index", true),
                Map.of("name", "bio", "type", "text", "optional", true),
                Map.of("name", "credit", "type", "decimal"),
                Map.of("name", "last login", "type", "datetime", "optional", true),
                Map.of("name", "active", "type", "bool"));
        return Stream.of(
                Arguments.of("stripe_webhook.py.j2", "app/webhooks/stripe.py", Map.of(),
                        List.of("stripe_webhook", "stripe.Webhook.construct_event", "\"payment_intent.succeeded\"", "router =")),
                Arguments.of("stripe_webhook.py.j2", "app/webhooks/stripe2.py",
                        Map.of("route", "/stripe/events", "handled_events", List.of("payment_intent.succeeded", "charge.refunded")),
                        List.of("def handle_charge_refunded", "def handle_payment_intent_succeeded")),
                Arguments.of("fastapi_endpoint.py.j2", "app/api/items.py", Map.of(),
                        List.of("router", "class ItemCreate", "def get_repository")),
                Arguments.of("fastapi_endpoint.py.j2", "app/api/users.py", Map.of("resource", "user account", "fields", fields),
                        List.of("class UserAccountRead", "def create_user_account")),
                Arguments.of("sqlalchemy_model.py.j2", "app/models/user.py", Map.of("model", "user"),
                        List.of("class User", "class Base", "__tablename__ =")),
                Arguments.of("sqlalchemy_model.py.j2", "app/models/customer.py",
                        Map.of("model", "customer", "fields", modelFields, "declare_base", false, "timestamps", false),
                        List.of("class Customer", "from app.db import Base")),
                Arguments.of("pydantic_schema.py.j2", "app/schemas/user.py", Map.of("model", "user"),
                        List.of("class UserCreate", "class UserRead", "class UserUpdate")),
                Arguments.of("pydantic_schema.py.j2", "app/schemas/customer.py", Map.of("model", "customer", "fields", modelFields),
                        List.of("class CustomerBase", "strip_text")),
                Arguments.of("pydantic_schema.py.j2", "app/schemas/tag.py",
                        Map.of("model", "tag", "timestamps", false, "fields", List.of(Map.of("name", "label", "type", "str"))),
                        List.of("class TagRead", "from pydantic import BaseModel, ConfigDict, Field, field_validator")),
                Arguments.of("pytest_test.py.j2", "tests/test_items.py", Map.of(),
                        List.of("def client", "def test_created_item_can_be_read_back")),
                Arguments.of("pytest_test.py.j2", "tests/test_users.py", Map.of("resource", "user account", "fields", fields),
                        List.of("import pytest", "def test_create_schema_requires_email_and_balance_and_active")),
                Arguments.of("express_app.js.j2", "server/app.js", Map.of(), List.of("createApp", "module.exports =")),
                Arguments.of("express_app.js.j2", "server/users.js", Map.of("resource", "user", "fields", fields, "port", 8080),
                        List.of("function parseUser", "function createApp")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void rendersToValidCode(String template, String path, Map<String, Object> vars, List<String> required) throws IOException {
        CoderAgent agent = CoderAgent.builder().outputRoot(out).build();
        CodeComponent c = CodeComponent.builder().name("item").outputPath(path)
                .templateName(template).templateVariables(vars).requiredElements(required)
                .description("Generated component").build();
        String code = agent.renderTemplate(TASK, c);
        Path dump = Path.of("target", "rendered-templates").resolve(path);
        Files.createDirectories(dump.getParent());
        Files.writeString(dump, code);
        ValidationReport report = agent.validate(code, c);
        System.out.println(template + " -> " + path + ": quality " + report.quality());
        assertThat(report.findings().stream().filter(f -> f.severity() != io.q2o.coder.validation.Severity.INFO)
                .map(Object::toString).collect(Collectors.toList()))
                .as("findings of %s rendered as %s:%n%s", template, path, numbered(code)).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(code).doesNotContain("{{").doesNotContain("{%").endsWith("\n").doesNotEndWith("\n\n");
    }

    @Test
    void everyBundledTemplateIsCovered() {
        List<String> names = TemplateRenderer.bundled().bundledTemplateNames();
        assertThat(names).hasSize(6);
        assertThat(cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(names);
    }

    static String numbered(String code) {
        String[] lines = code.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }
}
