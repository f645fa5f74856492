package io.q2o.coder.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRendererTest {
    @TempDir
    Path dir;

    @Test
    void caseFiltersConvertNames() {
        TemplateRenderer r = TemplateRenderer.bundled();
        String out = r.renderString("{{ n | snake_case }} {{ n | camel_case }} {{ n | pascal_case }} {{ n | kebab_case }}",
                Map.of("n", "Stripe webhookHandler-v2"));
        assertThat(out).isEqualTo("stripe_webhook_handler_v2 stripeWebhookHandlerV2 StripeWebhookHandlerV2 stripe-webhook-handler-v2\n");
    }

    @Test
    void nameCaseSplitsAcronymsDigitsAndSeparators() {
        assertThat(NameCase.words("HTTPServerError")).containsExactly("http", "server", "error");
        assertThat(NameCase.snake("userID")).isEqualTo("user_id");
        assertThat(NameCase.snake("oauth2Client")).isEqualTo("oauth2_client");
        assertThat(NameCase.pascal("payment_intent.succeeded")).isEqualTo("PaymentIntentSucceeded");
        assertThat(NameCase.camel("  Create  user model ")).isEqualTo("createUserModel");
        assertThat(NameCase.snake("3d model")).isEqualTo("_3d_model");
        assertThat(NameCase.kebab("Ünïcode Name")).isEqualTo("n-code-name");
        assertThat(NameCase.snake("")).isEmpty();
    }

    @Test
    void userTemplatesOverrideBundledOnesAndCanIncludeOthers() throws IOException {
        Files.writeString(dir.resolve("stripe_webhook.py.j2"), "# custom {{ name }}\n{% include 'parts/footer.j2' %}\n");
        Files.createDirectories(dir.resolve("parts"));
        Files.writeString(dir.resolve("parts/footer.j2"), "# footer for {{ name | kebab_case }}");
        TemplateRenderer r = TemplateRenderer.builder().userDirectory(dir).build();

        assertThat(r.render("stripe_webhook", Map.of("name", "My Hook"))).isEqualTo("# custom My Hook\n# footer for my-hook\n");
        assertThat(r.render("stripe_webhook.py.j2", Map.of("name", "x"))).startsWith("# custom x");
        assertThat(r.exists("fastapi_endpoint")).isTrue();
        assertThat(TemplateRenderer.builder().userDirectory(dir).bundledTemplates(false).build().exists("fastapi_endpoint"))
                .isFalse();
        assertThat(r.userDirectory()).contains(dir.toAbsolutePath());
    }

    @Test
    void undefinedVariablesFailWithTheTemplateLineUnlessLenient() {
        TemplateRenderer strict = TemplateRenderer.bundled();
        assertThatThrownBy(() -> strict.renderString("line one\nclass {{ missing }}:", Map.of()))
                .isInstanceOf(TemplateException.class).hasMessageContaining("missing")
                .satisfies(e -> assertThat(((TemplateException) e).line()).isEqualTo(2));
        assertThat(strict.renderString("{{ missing | default('ok') }}", Map.of())).isEqualTo("ok\n");
        TemplateRenderer lenient = TemplateRenderer.builder().strictUndefined(false).build();
        assertThat(lenient.renderString("[{{ missing }}]", Map.of())).isEqualTo("[]\n");
    }

    @Test
    void missingTemplatesAndUnsafeNamesAreClearErrors() {
        TemplateRenderer r = TemplateRenderer.bundled();
        assertThat(r.exists("nope")).isFalse();
        assertThatThrownBy(() -> r.render("nope", Map.of())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("not found");
        assertThatThrownBy(() -> r.exists("../secrets.j2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.exists("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.renderString("{% if %}", Map.of())).isInstanceOf(TemplateException.class);
    }

    @Test
    void trimBlocksLeavesNoBlankLinesAndOutputEndsWithOneNewline() {
        String out = TemplateRenderer.bundled().renderString(
                "items = [\n{% for i in xs %}\n    {{ i }},\n{% endfor %}\n]\n\n\n", Map.of("xs", List.of(1, 2)));
        assertThat(out).isEqualTo("items = [\n    1,\n    2,\n]\n");
    }

    @Test
    void bundledIndexListsExactlyTheBundledFiles() throws IOException {
        Path folder = Path.of("src/main/resources", TemplateRenderer.BUNDLED_LOCATION);
        try (var files = Files.list(folder)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".j2")).sorted().toList();
            assertThat(TemplateRenderer.bundled().bundledTemplateNames()).containsExactlyInAnyOrderElementsOf(onDisk);
        }
    }
}
