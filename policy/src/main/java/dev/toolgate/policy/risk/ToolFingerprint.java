package dev.toolgate.policy.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The SHA-256 of a tool's whole definition as listed, over its canonical JSON (object keys sorted as Java strings, no
 * whitespace, numbers and strings as Jackson writes them), so two listings of the same definition hash the same
 * whatever their key order or spacing. The hashes of the parts a person asks about when a pin breaks
 * (description, input schema, annotations, the rest) say what changed.
 *
 * @param sha256 lowercase hex of the whole definition's hash
 * @param parts  part name → lowercase hex hash: {@value #DESCRIPTION}, {@value #INPUT_SCHEMA}, {@value #ANNOTATIONS},
 *               {@value #OTHER} (everything else: title, outputSchema, ...); may be empty when only the whole hash is
 *               known (a pin written by hand)
 */
public record ToolFingerprint(String sha256, Map<String, String> parts) {
    public static final String DESCRIPTION = "description";
    public static final String INPUT_SCHEMA = "inputSchema";
    public static final String ANNOTATIONS = "annotations";
    public static final String OTHER = "other";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ToolFingerprint {
        Objects.requireNonNull(sha256, "sha256");
        parts = parts == null ? Map.of() : Map.copyOf(parts);
    }

    /** The fingerprint of a definition object as listed. */
    public static ToolFingerprint of(JsonNode definition) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put(DESCRIPTION, hash(definition.path(DESCRIPTION)));
        parts.put(INPUT_SCHEMA, hash(definition.path(INPUT_SCHEMA)));
        parts.put(ANNOTATIONS, hash(definition.path(ANNOTATIONS)));
        ObjectNode rest = definition.isObject() ? ((ObjectNode) definition).deepCopy() : JsonNodeFactory.instance.objectNode();
        rest.remove(List.of(DESCRIPTION, INPUT_SCHEMA, ANNOTATIONS));
        parts.put(OTHER, hash(rest));
        return new ToolFingerprint(hash(definition), parts);
    }

    /** The parts that differ from {@code pinned}; when either side lacks part hashes, {@code [definition]}. */
    public List<String> changesFrom(ToolFingerprint pinned) {
        if (sha256.equals(pinned.sha256)) {
            return List.of();
        }
        if (parts.isEmpty() || pinned.parts.isEmpty()) {
            return List.of("definition");
        }
        List<String> changed = new ArrayList<>();
        for (String part : List.of(DESCRIPTION, INPUT_SCHEMA, ANNOTATIONS, OTHER)) {
            if (!Objects.equals(parts.get(part), pinned.parts.get(part))) {
                changed.add(part);
            }
        }
        return changed.isEmpty() ? List.of("definition") : changed;
    }

    /** Lowercase hex SHA-256 of the canonical JSON of {@code node} (a missing node hashes as {@code null}). */
    public static String hash(JsonNode node) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical(node).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The canonical JSON text: keys sorted, no whitespace. */
    public static String canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(sorted(node == null || node.isMissingNode() ? JsonNodeFactory.instance.nullNode() : node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (String name : new TreeSet<>(iterable(node))) {
                copy.set(name, sorted(node.get(name)));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
