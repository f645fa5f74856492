package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key shape: a realistic key is flagged, its placeholder forms are not. */
class SecretPlaceholderTest {
    private final PythonValidator validator = new PythonValidator();

    private List<String> secrets(String value) {
        return validator.validate("KEY = '" + value + "'\n", Language.PYTHON).findings(Category.SECURITY).stream()
                .map(Finding::ruleId).toList();
    }

    private void placeholders(String rule, String real, String... placeholders) {
        assertThat(secrets(real)).as(real).containsExactly(rule);
        for (String p : placeholders) {
            assertThat(secrets(p)).as(p).isEmpty();
        }
    }

    @Test
    void openAi() {
        placeholders("security.secret.openai", "sk-proj-aB3dE5fG7hJ9kL1mN3pQ5rS7",
                "sk-your-openai-key-goes-here-1234", "sk-test-aB3dE5fG7hJ9kL1mN3pQ5rS7", "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxx",
                "sk-EXAMPLE0123456789abcdefXYZ", "sk-1234567890abcdef1234567890ab");
    }

    @Test
    void anthropic() {
        placeholders("security.secret.anthropic", "sk-ant-api03-Zq8Rt5Yu2Io9Pa4Sd7Fg1Hj6Kl3Zx0Cv",
                "sk-ant-test-Zq8Rt5Yu2Io9Pa4Sd7Fg1Hj6Kl3Zx0Cv", "sk-ant-api03-your-key-here-0000000000",
                "sk-ant-api03-placeholder12345678901234", "sk-ant-xxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }

    @Test
    void google() {
        placeholders("security.secret.google", "AIzaSyD4k9Qm2Xw7Lr5Tn8Vb3Hc6Jf1Gp0Zs9Ke",
                "AIzaSyEXAMPLEEXAMPLEEXAMPLEEXAMPLE12301", "AIzaSy-your-google-api-key-here-0000001",
                "AIzaSyTESTtesttesttesttesttesttest00001", "AIzaxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }

    @Test
    void aws() {
        placeholders("security.secret.aws", "AKIAZ7Q3X9M2P5L8K4RT",
                "AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", "AKIATESTTESTTESTTEST", "ASIADUMMYDUMMY123456");
    }

    @Test
    void stripe() {
        placeholders("security.secret.stripe", "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
                "sk_live_your_stripe_key_here_0000", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "rk_live_test1234567890abcdef",
                "sk_test_4eC39HqLyjWDarjtT1zdp7dc");
    }
}
