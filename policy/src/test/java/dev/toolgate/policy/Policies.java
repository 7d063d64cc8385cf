package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test helpers: load policies and build calls. */
public final class Policies {
    /** Like the proxy should parse arguments: decimals exactly, so that comparisons are exact. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);

    private Policies() {
    }

    public static Path resource(String name) {
        try {
            return Path.of(Policies.class.getResource("/policies/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CompiledPolicy load(String resourceName) {
        try {
            return PolicyLoader.load(resource(resourceName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidPolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Compiles text that must be valid. */
    public static CompiledPolicy parse(String text) {
        try {
            return PolicyLoader.parse(text, "test");
        } catch (InvalidPolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The errors of text that must be invalid, as "path: message" lines. */
    public static java.util.List<String> errors(String text) {
        try {
            PolicyLoader.parse(text, "test");
        } catch (InvalidPolicyException e) {
            return e.errors().stream().map(PolicyError::toString).toList();
        }
        throw new AssertionError("expected the policy to be invalid:\n" + text);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ToolCall call(String tool) {
        return new ToolCall(tool, null, Caller.ANONYMOUS);
    }

    public static ToolCall call(String tool, String argsJson) {
        return new ToolCall(tool, json(argsJson), Caller.ANONYMOUS);
    }

    public static ToolCall call(String tool, String argsJson, Caller caller) {
        return new ToolCall(tool, json(argsJson), caller);
    }
}
