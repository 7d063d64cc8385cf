package dev.toolgate.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.ToolClassifier;
import dev.toolgate.policy.risk.ToolDefinition;
import dev.toolgate.policy.risk.ToolFingerprint;

import java.util.ArrayList;
import java.util.List;

/**
 * A server's tools classified, with each definition's fingerprint: printed as a table, or as JSON, which is also the
 * pins file {@code serve --tool-pins} reads ({@code tools[].name}, {@code tools[].sha256}, {@code tools[].parts}).
 *
 * @param source the server scanned
 * @param tools  one row per listed tool with a name, in the server's order
 */
public record ScanReport(String source, List<Row> tools) {
    /** One tool: how it was classified and its definition's fingerprint. */
    public record Row(Classification classification, ToolFingerprint fingerprint) {
    }

    public ScanReport {
        tools = List.copyOf(tools);
    }

    /** Classifies every listed definition; elements without a textual name are left out. */
    public static ScanReport of(String source, List<JsonNode> definitions, ToolClassifier classifier) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode listed : definitions) {
            ToolDefinition definition = ToolDefinition.of(listed);
            if (definition != null) {
                rows.add(new Row(classifier.classify(definition), ToolFingerprint.of(listed)));
            }
        }
        return new ScanReport(source, rows);
    }

    public List<Classification> classifications() {
        return tools.stream().map(Row::classification).toList();
    }

    /** Columns TOOL, CLASS, RISK, CONFIDENCE, SIGNALS, padded to the widest cell; one line per tool. */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"TOOL", "CLASS", "RISK", "CONFIDENCE", "SIGNALS"});
        for (Row row : tools) {
            Classification c = row.classification();
            cells.add(new String[] {c.tool(), c.riskClass().keyword(), c.risk().keyword(), c.confidence().keyword(),
                    String.join("; ", c.signals())});
        }
        int[] widths = new int[4];
        for (String[] line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            for (int i = 0; i < widths.length; i++) {
                out.append(line[i]).append(" ".repeat(widths[i] - line[i].length() + 2));
            }
            out.append(line[4]).append('\n');
        }
        return out.toString();
    }

    public ObjectNode json() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("source", source);
        ArrayNode list = doc.putArray("tools");
        for (Row row : tools) {
            Classification c = row.classification();
            ObjectNode tool = list.addObject();
            tool.put("name", c.tool());
            tool.put("class", c.riskClass().keyword());
            tool.put("risk", c.risk().keyword());
            tool.put("confidence", c.confidence().keyword());
            c.signals().forEach(tool.withArray("signals")::add);
            tool.put("sha256", row.fingerprint().sha256());
            ObjectNode parts = tool.putObject("parts");
            row.fingerprint().parts().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> parts.put(e.getKey(), e.getValue()));
        }
        return doc;
    }
}
