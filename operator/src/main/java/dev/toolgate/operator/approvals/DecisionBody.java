package dev.toolgate.operator.approvals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * A decision's body: empty, or exactly {@code {"reason": "…"}} (a string of at most {@value #MAX_REASON} characters
 * without control characters, or null), as the proxy's admin API takes it. Anything else is a 400: a duplicate key, a
 * second member, trailing data, a body over {@value #MAX_BODY} bytes.
 */
final class DecisionBody {
    static final int MAX_REASON = 1000;
    static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();
    private static final String REFUSED = "the body must be empty or {\"reason\": \"text of at most " + MAX_REASON
            + " characters, no control characters\"}";

    private DecisionBody() {
    }

    /** The reason, empty when none. @throws ApprovalsApiException 400 */
    static Optional<String> reason(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        if (body.length > MAX_BODY) {
            throw new ApprovalsApiException(400, REFUSED);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new ApprovalsApiException(400, REFUSED);
        }
        if (tree == null || !tree.isObject() || tree.size() > 1 || tree.size() == 1 && !tree.has("reason")) {
            throw new ApprovalsApiException(400, REFUSED);
        }
        JsonNode reason = tree.get("reason");
        if (reason == null || reason.isNull()) {
            return Optional.empty();
        }
        if (!reason.isTextual()) {
            throw new ApprovalsApiException(400, REFUSED);
        }
        String text = reason.textValue();
        if (text.length() > MAX_REASON || text.chars().anyMatch(Character::isISOControl)) {
            throw new ApprovalsApiException(400, REFUSED);
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
