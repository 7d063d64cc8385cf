package dev.toolgate.policy.risk;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a tool's input schema says about it: inputs that carry code or commands, free-form queries, URLs and amounts.
 * Reads the top-level {@code properties} and one level of nested objects, at most {@value #MAX_PROPERTIES} properties
 * in all, so a huge schema costs a bounded amount of work.
 *
 * @param code    names of string inputs that carry code, commands or a query language, without enum, const or pattern
 * @param queries names of free-form search/filter strings
 * @param urls    names of inputs that carry a URL
 * @param amounts names of inputs that carry an amount of money
 */
record SchemaSignals(List<String> code, List<String> queries, List<String> urls, List<String> amounts) {
    static final int MAX_PROPERTIES = 256;

    static SchemaSignals of(JsonNode inputSchema) {
        SchemaSignals signals = new SchemaSignals(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        signals.read(inputSchema, 0, new int[] {0});
        return signals;
    }

    private void read(JsonNode schema, int depth, int[] seen) {
        JsonNode properties = schema.path("properties");
        if (!properties.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            if (++seen[0] > MAX_PROPERTIES) {
                return;
            }
            String name = property.getKey();
            JsonNode definition = property.getValue();
            String squeezed = Vocabulary.squeezed(name);
            List<String> words = Vocabulary.words(name, 8);
            String last = words.isEmpty() ? "" : words.get(words.size() - 1);
            boolean freeText = isFreeText(definition);
            if (freeText && (Vocabulary.CODE_INPUTS.contains(squeezed) || Vocabulary.CODE_INPUT_ENDINGS.contains(last))) {
                code.add(name);
            } else if (freeText && (Vocabulary.QUERY_INPUTS.contains(squeezed) || "query".equals(last))) {
                queries.add(name);
            }
            if (Vocabulary.URL_INPUTS.contains(squeezed) || "url".equals(last) || "uri".equals(definition.path("format").asText())) {
                urls.add(name);
            }
            if (Vocabulary.AMOUNT_INPUTS.contains(squeezed) || "amount".equals(last)) {
                amounts.add(name);
            }
            if (depth == 0 && definition.path("properties").isObject()) {
                read(definition, depth + 1, seen);
            }
        }
    }

    /** A string (or untyped) input a caller can fill with anything: no enum, const or pattern narrows it. */
    private static boolean isFreeText(JsonNode definition) {
        JsonNode type = definition.get("type");
        boolean string = type == null || type.isTextual() && "string".equals(type.textValue())
                || type.isArray() && type.toString().contains("\"string\"");
        return string && !definition.has("enum") && !definition.has("const") && !definition.has("pattern");
    }
}
