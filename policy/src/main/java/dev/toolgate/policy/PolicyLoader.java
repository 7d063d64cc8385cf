package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.parse.TreeReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads PolicyLayer policy.json and Intercept policy.yaml documents (JSON or YAML; the two formats may even be
 * mixed in one document) into a {@link CompiledPolicy}. Every error is reported at once, each with its path.
 */
public final class PolicyLoader {
    private PolicyLoader() {
    }

    /** Loads a JSON or YAML file; every error in it is reported at once. */
    public static CompiledPolicy load(Path file) throws IOException, InvalidPolicyException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses JSON or YAML text; {@code source} names it in error messages. */
    public static CompiledPolicy parse(String text, String source) throws InvalidPolicyException {
        TreeReader.Result read = TreeReader.read(text);
        if (read.tree() == null) {
            throw new InvalidPolicyException(source, read.errors());
        }
        return PolicyCompiler.compile(read.tree(), read.errors(), source);
    }

    /** Loads an already parsed document, e.g. a ToolPolicy's spec without targetRef. */
    public static CompiledPolicy fromTree(JsonNode document, String source) throws InvalidPolicyException {
        return PolicyCompiler.compile(document, List.of(), source);
    }
}
