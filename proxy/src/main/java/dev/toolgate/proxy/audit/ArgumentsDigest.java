package dev.toolgate.proxy.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hex SHA-256 of a call's arguments in canonical JSON (object keys sorted, no whitespace), so equal arguments
 * hash equally whatever key order the client sent, and the audit never holds the raw values. The canonical text
 * is streamed into the digest, never built in memory.
 */
public final class ArgumentsDigest {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private ArgumentsDigest() {
    }

    public static String sha256(JsonNode arguments) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        try (JsonGenerator out = JsonRpcParser.MAPPER.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            write(arguments, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), field.getValue());
            }
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
                out.writeFieldName(field.getKey());
                write(field.getValue(), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : node) {
                write(element, out);
            }
            out.writeEndArray();
        } else {
            out.writeTree(node);
        }
    }
}
