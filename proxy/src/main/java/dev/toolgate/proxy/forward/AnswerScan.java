package dev.toolgate.proxy.forward;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * Reads the top level of a JSON-RPC message, or of each message of a batch, for what settling a call needs: its
 * {@code id} and whether it carries a result (and no error). Everything below the top level is skipped, not built
 * into a tree, so a large tool result costs only a scan. Text that is not JSON, or has duplicate keys, yields
 * nothing (the call is then rolled back when the stream ends).
 */
final class AnswerScan {
    private AnswerScan() {
    }

    /** Calls {@code answer} with (id, succeeded) for each message that has an id and a result or an error. */
    static void forEach(String text, BiConsumer<JsonNode, Boolean> answer) {
        try (JsonParser json = JsonRpcParser.MAPPER.createParser(text)) {
            JsonToken first = json.nextToken();
            if (first == JsonToken.START_OBJECT) {
                message(json, answer);
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken element = json.nextToken(); element != JsonToken.END_ARRAY && element != null; element = json.nextToken()) {
                    if (element == JsonToken.START_OBJECT) {
                        message(json, answer);
                    } else {
                        json.skipChildren();
                    }
                }
            }
        } catch (IOException notJson) {
            // passes unchanged; an unsettled call is rolled back when its stream ends
        }
    }

    private static void message(JsonParser json, BiConsumer<JsonNode, Boolean> answer) throws IOException {
        JsonNode id = null;
        boolean result = false;
        boolean error = false;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "id" -> id = id(json);
                case "result" -> result = true;
                case "error" -> error = true;
                default -> { }
            }
            json.skipChildren();
        }
        if (id != null && (result || error)) {
            answer.accept(id, result && !error);
        }
    }

    /** A string or integer id as a node, read off the token (no tree mapper on the hot path); null for other ids. */
    private static JsonNode id(JsonParser json) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_STRING -> TextNode.valueOf(json.getText());
            case VALUE_NUMBER_INT -> switch (json.getNumberType()) {
                case INT -> IntNode.valueOf(json.getIntValue());
                case LONG -> LongNode.valueOf(json.getLongValue());
                default -> BigIntegerNode.valueOf(json.getBigIntegerValue());
            };
            default -> null;
        };
    }
}
