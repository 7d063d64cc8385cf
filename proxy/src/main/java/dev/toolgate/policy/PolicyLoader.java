package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;

/** Reads PolicyLayer policy.json and Intercept policy.yaml documents into a {@link CompiledPolicy}. Issue #3. */
public final class PolicyLoader {
    private PolicyLoader() {
    }

    /** Loads a JSON or YAML file; every error in it is reported at once. */
    public static CompiledPolicy load(Path file) throws IOException, InvalidPolicyException {
        throw new UnsupportedOperationException("issue #3");
    }

    /** Parses JSON or YAML text; {@code source} names it in error messages. */
    public static CompiledPolicy parse(String text, String source) throws InvalidPolicyException {
        throw new UnsupportedOperationException("issue #3");
    }

    /** Loads an already parsed document, e.g. a ToolPolicy's spec without targetRef. */
    public static CompiledPolicy fromTree(JsonNode document, String source) throws InvalidPolicyException {
        throw new UnsupportedOperationException("issue #3");
    }
}
