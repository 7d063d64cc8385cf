package dev.toolgate.proxy.jsonrpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference for {@link JsonRpcBodyFuzzTest}: how an upstream reads the same bytes, with nothing of the proxy's
 * parser: plain Jackson, duplicate keys refused, the first JSON value, and whether anything but whitespace follows it.
 *
 * @param messages the value's messages: its elements when it is an array, else the value itself
 * @param trailing true when bytes other than whitespace follow the first value
 */
record UpstreamReading(List<JsonNode> messages, boolean trailing) {
    private static final String TOOLS_CALL = "tools/call";
    private static final ObjectMapper PLAIN = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The reading, or empty when the upstream could not read the bytes as JSON at all. */
    static Optional<UpstreamReading> of(byte[] body) {
        try {
            return read(PLAIN.createParser(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The reading of an upstream that decodes the bytes as UTF-8 first and refuses what is not UTF-8 (as Python's,
     * Rust's and Go's JSON readers do in one way or another); empty when it refuses them.
     */
    static Optional<UpstreamReading> ofStrictUtf8(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return read(PLAIN.createParser(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<UpstreamReading> read(JsonParser source) throws IOException {
        try (JsonParser parser = source) {
            JsonNode root = PLAIN.readTree(parser);
            if (root == null || root.isMissingNode()) {
                return Optional.empty();
            }
            List<JsonNode> messages = new ArrayList<>();
            if (root.isArray()) {
                root.forEach(messages::add);
            } else {
                messages.add(root);
            }
            return Optional.of(new UpstreamReading(messages, followedByMore(parser)));
        }
    }

    private static boolean followedByMore(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() != null;
        } catch (JsonProcessingException e) {
            return true;
        }
    }

    /** What a server dispatches as a tool call: {@code method} is exactly tools/call, with or without an id. */
    static boolean isToolsCall(JsonNode message) {
        return message.isObject() && TOOLS_CALL.equals(message.path("method").textValue());
    }

    /** Whether the server would answer it: a notification (no id) is run without an answer. */
    static boolean isNotification(JsonNode message) {
        return !message.has("id");
    }

    static String toolName(JsonNode call) {
        return call.path("params").path("name").textValue();
    }

    /** The arguments as the server reads them; absent or null is no arguments, like {@code ToolCall} takes them. */
    static JsonNode arguments(JsonNode call) {
        JsonNode arguments = call.path("params").path("arguments");
        return arguments.isMissingNode() || arguments.isNull() ? PLAIN.createObjectNode() : arguments;
    }
}
