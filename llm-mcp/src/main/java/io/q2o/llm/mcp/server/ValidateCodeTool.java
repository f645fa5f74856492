package io.q2o.llm.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.q2o.coder.Language;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.ValidationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code validate_code} tool: code, its language and the elements it must define →
 * the validator's findings (syntax tree, required elements, security, quality). The result's
 * structured content is {@code {language, passed, errors, quality, findings[]}} (also sent as JSON
 * text); {@code isError} is never set — failing code is a normal answer. An unknown language or a
 * missing argument is a JSON-RPC invalid-params error.
 */
final class ValidateCodeTool {
    static final String NAME = "validate_code";

    private ValidateCodeTool() {
    }

    static McpServerFeatures.SyncToolSpecification create(CodeValidators validators, McpJsonMapper mapper) {
        String languages = Arrays.stream(Language.values()).map(Language::id).collect(Collectors.joining(", "));
        String schema = """
                {"type":"object","properties":{
                  "code":{"type":"string","description":"the source code to check"},
                  "language":{"type":"string","description":"the language: %s (or a common alias such as py, ts, js)"},
                  "required_elements":{"type":"array","items":{"type":"string"},
                    "description":"names the code must define (functions, classes, exports), optional"}
                },"required":["code","language"]}""".formatted(languages);
        McpSchema.Tool tool = McpSchema.Tool.builder().name(NAME).title("Validate code")
                .description("Checks code on its syntax tree: syntax errors, required elements, security issues "
                        + "and a quality score. Returns the findings.")
                .inputSchema(mapper, schema).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> call(validators, mapper, request)).build();
    }

    private static McpSchema.CallToolResult call(CodeValidators validators, McpJsonMapper mapper,
                                                 McpSchema.CallToolRequest request) {
        ToolArguments args = new ToolArguments(NAME, request.arguments());
        Object code = request.arguments() == null ? null : request.arguments().get("code");
        if (!(code instanceof String text)) {
            throw args.invalid("argument 'code' is required and must be a string");
        }
        String languageName = args.required("language");
        Language language = Language.fromName(languageName).orElseThrow(() -> args.invalid("unknown language '"
                + languageName + "'; use one of " + Arrays.stream(Language.values()).map(Language::id).toList()));
        List<String> required = args.strings("required_elements");
        ValidationReport report = validators.validate(text, language, required);
        return result(FindingsJson.of(report), mapper, false);
    }

    static McpSchema.CallToolResult result(Map<String, Object> content, McpJsonMapper mapper, boolean error) {
        try {
            return McpSchema.CallToolResult.builder().structuredContent(content)
                    .addTextContent(mapper.writeValueAsString(content)).isError(error).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
