package dev.toolgate.proxy.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * MCP 2026-07-28 standard request headers (SEP-2243): {@code Mcp-Method} mirrors the body's {@code method} and
 * {@code Mcp-Name} mirrors {@code params.name} (tools/call, prompts/get) or {@code params.uri} (resources/read).
 * The proxy only checks that they agree with the body; every decision is taken on the body.
 *
 * <p>Rules applied: a request must carry {@code Mcp-Method}; {@code Mcp-Name} must be present for the methods that
 * name something; a value wrapped as {@code =?base64?...?=} (lowercase markers) is decoded first. Notifications are
 * only checked when they carry the header. In a batch, headers that are present must match every message they apply to.
 */
public final class StandardHeaders {
    public static final String STATELESS_VERSION = "2026-07-28";
    public static final String METHOD_HEADER = "Mcp-Method";
    public static final String NAME_HEADER = "Mcp-Name";
    private static final Set<String> NAMED_BY_NAME = Set.of("tools/call", "prompts/get");
    private static final Set<String> NAMED_BY_URI = Set.of("resources/read", "resources/subscribe", "resources/unsubscribe");

    private StandardHeaders() {
    }

    public static boolean applies(String protocolVersion) {
        return protocolVersion != null && protocolVersion.compareTo(STATELESS_VERSION) >= 0;
    }

    /** The mismatch, described for the client, or empty when the headers agree with the body. */
    public static Optional<String> mismatch(String methodHeader, String nameHeader, JsonRpcBody body) {
        for (JsonRpcMessage message : body.messages()) {
            if (message.kind() == JsonRpcMessage.Kind.RESPONSE) {
                continue;
            }
            boolean required = message.kind() == JsonRpcMessage.Kind.REQUEST && !body.batch();
            if (methodHeader == null) {
                if (required) {
                    return Optional.of("Header mismatch: the Mcp-Method header is required (body method '" + message.method() + "')");
                }
            } else if (!methodHeader.equals(message.method())) {
                return Optional.of("Header mismatch: Mcp-Method header value '" + methodHeader
                        + "' does not match body value '" + message.method() + "'");
            }
            String bodyName = bodyName(message);
            if (bodyName == null) {
                continue;
            }
            if (nameHeader == null) {
                if (required) {
                    return Optional.of("Header mismatch: the Mcp-Name header is required for " + message.method());
                }
            } else if (!decode(nameHeader).equals(bodyName)) {
                return Optional.of("Header mismatch: Mcp-Name header value '" + nameHeader
                        + "' does not match body value '" + bodyName + "'");
            }
        }
        return Optional.empty();
    }

    private static String bodyName(JsonRpcMessage message) {
        JsonNode params = message.params();
        if (NAMED_BY_NAME.contains(message.method())) {
            return params.path("name").isTextual() ? params.path("name").textValue() : "";
        }
        if (NAMED_BY_URI.contains(message.method())) {
            return params.path("uri").isTextual() ? params.path("uri").textValue() : "";
        }
        return null;
    }

    /** Decodes the SEP-2243 sentinel {@code =?base64?<base64 of UTF-8>?=}; any other value is literal. */
    static String decode(String header) {
        if (header.startsWith("=?base64?") && header.endsWith("?=") && header.length() >= 11) {
            try {
                return new String(Base64.getDecoder().decode(header.substring(9, header.length() - 2)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return header;
            }
        }
        return header;
    }
}
