package dev.toolgate.proxy.jsonrpc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.JsonReading;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parse stage: bytes to classified JSON-RPC messages. Strict where leniency could let a call past the policy:
 * duplicate keys are refused (another parser might read the other {@code method} or {@code name}), method names
 * that differ from {@code tools/call} only in case are refused, ids must be unique within a batch, and the body is
 * exactly one JSON value in UTF-8 (bytes after it, or another encoding, could be read differently by another
 * parser). Error messages are fixed texts of the proxy's own; what the JSON library said goes to the log only.
 */
public final class JsonRpcParser {
    /**
     * One mapper for the proxy, used for every JSON it reads: the policy's reading ({@link JsonReading}: numbers exact,
     * as {@code explain} reads them; duplicate keys refused).
     */
    public static final ObjectMapper MAPPER = JsonReading.builder().build();
    /** Parse errors all get this text: the JSON library's own message names its classes and internals. */
    public static final String PARSE_ERROR_MESSAGE =
            "Parse error: the body must be exactly one well-formed JSON value, without duplicate keys";
    public static final String EMPTY_BODY_MESSAGE = "Parse error: empty body";
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcParser.class);
    /** A value followed by anything but whitespace is refused rather than cut short: another reader may read on. */
    public static final ObjectReader SINGLE_VALUE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public JsonRpcBody parse(byte[] body) throws JsonRpcException {
        return parse(body, 0, body.length);
    }

    /** Parses {@code length} bytes of {@code body} from {@code offset}. */
    public JsonRpcBody parse(byte[] body, int offset, int length) throws JsonRpcException {
        if (notUtf8(body, offset, length) || !Utf8.isValid(body, offset, length)) {
            throw new JsonRpcException(JsonRpcErrors.PARSE_ERROR, 400, PARSE_ERROR_MESSAGE);
        }
        JsonNode root;
        try {
            root = SINGLE_VALUE.readTree(body, offset, length);
        } catch (IOException | NumberFormatException e) {
            // NumberFormatException: a number that has no exact reading (an exponent past what BigDecimal holds)
            LOG.debug("refused a body that is not one JSON value: {}", e.getMessage());
            throw new JsonRpcException(JsonRpcErrors.PARSE_ERROR, 400, PARSE_ERROR_MESSAGE);
        }
        if (root == null || root.isMissingNode()) {
            throw new JsonRpcException(JsonRpcErrors.PARSE_ERROR, 400, EMPTY_BODY_MESSAGE);
        }
        if (root.isObject()) {
            return new JsonRpcBody(false, List.of(classify(root, "")));
        }
        if (!root.isArray()) {
            throw invalid("the body must be a JSON-RPC message object or a batch array");
        }
        if (root.isEmpty()) {
            throw invalid("an empty batch is not a JSON-RPC request");
        }
        List<JsonRpcMessage> messages = new ArrayList<>(root.size());
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonRpcMessage message = classify(root.get(i), "[" + i + "] ");
            if (message.kind() == JsonRpcMessage.Kind.REQUEST && !requestIds.add(message.idKey())) {
                throw invalid("[" + i + "] duplicate request id " + message.id() + " in the batch");
            }
            messages.add(message);
        }
        return new JsonRpcBody(true, messages);
    }

    /**
     * UTF-16 or UTF-32 JSON, which the JSON library would detect and read, while the upstream may read the bytes as
     * UTF-8: such text has a zero byte among its first four, which UTF-8 JSON never has.
     */
    private static boolean notUtf8(byte[] body, int offset, int length) {
        for (int i = offset; i < offset + Math.min(4, length); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static JsonRpcMessage classify(JsonNode node, String where) throws JsonRpcException {
        if (!node.isObject()) {
            throw invalid(where + "a JSON-RPC message must be an object");
        }
        ObjectNode message = (ObjectNode) node;
        if (!"2.0".equals(message.path("jsonrpc").textValue())) {
            throw invalid(where + "\"jsonrpc\" must be \"2.0\"");
        }
        JsonNode id = message.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            throw invalid(where + "\"id\" must be a string or an integer");
        }
        JsonNode method = message.get("method");
        if (method != null) {
            if (!method.isTextual()) {
                throw invalid(where + "\"method\" must be a string");
            }
            String name = method.textValue();
            if (!name.equals(JsonRpcMessage.TOOLS_CALL) && name.toLowerCase(Locale.ROOT).strip().equals(JsonRpcMessage.TOOLS_CALL)) {
                throw invalid(where + "method names are case-sensitive: \"" + name + "\" is not tools/call");
            }
            JsonNode params = message.get("params");
            if (params != null && !(params.isObject() || params.isArray())) {
                throw invalid(where + "\"params\" must be an object");
            }
            if (id == null) {
                return new JsonRpcMessage(message, JsonRpcMessage.Kind.NOTIFICATION, null, name);
            }
            if (id.isNull()) {
                throw invalid(where + "a request id must not be null");
            }
            return new JsonRpcMessage(message, JsonRpcMessage.Kind.REQUEST, id, name);
        }
        if (id != null && (message.has("result") || message.has("error"))) {
            return new JsonRpcMessage(message, JsonRpcMessage.Kind.RESPONSE, id, null);
        }
        throw invalid(where + "not a JSON-RPC request, notification or response");
    }

    private static JsonRpcException invalid(String message) {
        return new JsonRpcException(JsonRpcErrors.INVALID_REQUEST, 400, "Invalid Request: " + message);
    }
}
