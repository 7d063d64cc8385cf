package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArgumentsPreviewTest {

    private static JsonNode read(String json) throws Exception {
        return JsonRpcParser.MAPPER.readTree(json);
    }

    @Test
    void secretLookingKeysAreMaskedAtAnyDepth() throws Exception {
        JsonNode preview = read(ArgumentsPreview.of(read("""
                {"name": "deploy", "apiKey": "k-123", "nested": {"Password": "p", "list": [{"access_token": "t"}]},
                 "session_id": "s", "authorization": "Bearer x", "count": 3}""")));
        assertThat(preview).isEqualTo(read("""
                {"name": "deploy", "apiKey": "***", "nested": {"Password": "***", "list": [{"access_token": "***"}]},
                 "session_id": "***", "authorization": "***", "count": 3}"""));
    }

    @Test
    void thePreviewIsCappedWhateverTheArgumentsHold() throws Exception {
        StringBuilder deep = new StringBuilder();
        deep.append("[".repeat(100)).append("]".repeat(100));
        String wide = "{" + java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "\"k" + i + "\":\"" + "v".repeat(300) + "\"")
                .collect(java.util.stream.Collectors.joining(",")) + "}";
        assertThat(ArgumentsPreview.of(read("{\"d\":" + deep + "}"))).isEqualTo("{\"d\":[[[[[\"…\"]]]]]}");
        String capped = ArgumentsPreview.of(read(wide));
        assertThat(capped).hasSizeLessThanOrEqualTo(ArgumentsPreview.MAX_CHARS).endsWith("…");
        assertThat(ArgumentsPreview.of(read("{\"s\":\"" + "x".repeat(500) + "\"}")))
                .isEqualTo("{\"s\":\"" + "x".repeat(200) + "…\"}");
    }
}
