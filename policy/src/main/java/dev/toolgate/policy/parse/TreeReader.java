package dev.toolgate.policy.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.toolgate.policy.PolicyError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON or YAML text into a tree, reporting every duplicate key with its path instead of stopping at
 * the first (Jackson's STRICT_DUPLICATE_DETECTION would stop) or silently keeping the last (its default).
 * Integers become int/long/big-integer nodes, other numbers exact decimal nodes.
 */
public final class TreeReader {
    /**
     * Policies nest a few levels. Deeper documents only cost: SnakeYAML's scanner is quadratic in flow nesting depth, and
     * at Jackson's default limit (1,000) a few KiB of brackets took seconds to refuse (found fuzzing).
     */
    public static final int MAX_NESTING_DEPTH = 64;
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The tree (null when the text is not well-formed) and the errors found reading it. */
    public record Result(JsonNode tree, List<PolicyError> errors) {
    }

    private TreeReader() {
    }

    /** JSON when the text starts with '{' or '[', YAML otherwise. */
    public static Result read(String text) {
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        List<PolicyError> errors = new ArrayList<>();
        try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                errors.add(new PolicyError("", "the document is empty; write a policy such as {\"version\": \"1\", \"tools\": {}}"));
                return new Result(null, errors);
            }
            JsonNode tree = readValue(parser, "", errors);
            if (parser.nextToken() != null) {
                errors.add(new PolicyError("", "unexpected content after the end of the document at " + where(parser.currentLocation())
                        + "; a file holds exactly one policy"));
            }
            return new Result(tree, errors);
        } catch (JsonProcessingException e) {
            errors.add(new PolicyError("", "not well-formed " + (json ? "JSON" : "YAML") + " at " + where(e.getLocation())
                    + ": " + withoutSource(e.getOriginalMessage())));
            return new Result(null, errors);
        } catch (IOException e) {
            errors.add(new PolicyError("", "cannot read the document: " + e.getMessage()));
            return new Result(null, errors);
        }
    }

    /** Jackson's messages name a redacted source; the line and column are what helps. */
    private static String withoutSource(String message) {
        if (message == null) {
            return "";
        }
        // one error, one line (the CLI prints "FILE: message"): drop SnakeYAML's source excerpts and carets
        String[] lines = message.replaceAll("\\[Source: [^;\\]]*; (line: \\d+, column: \\d+)\\]", "$1").split("\\R");
        StringBuilder flat = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean excerpt = i + 1 < lines.length && lines[i + 1].strip().equals("^");
            if (line.isEmpty() || line.equals("^") || line.startsWith("in 'reader'") || excerpt) {
                continue;
            }
            flat.append(flat.length() == 0 ? "" : "; ").append(line);
        }
        return flat.toString();
    }

    private static String where(JsonLocation location) {
        return location == null ? "unknown position" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static JsonNode readValue(JsonParser p, String path, List<PolicyError> errors) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String childPath = Paths.field(path, name);
                    p.nextToken();
                    JsonNode value = readValue(p, childPath, errors);
                    if (object.has(name)) {
                        errors.add(new PolicyError(childPath, "duplicate key \"" + name
                                + "\"; a key may appear once per object: keep one (merge them if both hold something you need)"));
                    } else {
                        object.set(name, value);
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(p, Paths.index(path, i++), errors));
                }
                return array;
            }
            case VALUE_STRING -> {
                if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    // Jackson reports an alias as a string holding its anchor's name: "*prod" would be read as "prod"
                    errors.add(new PolicyError(path, "YAML aliases (*" + p.getText()
                            + ") are not supported; write the value out in full"));
                }
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }
}
