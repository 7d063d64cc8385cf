package dev.toolgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.JsonReading;
import dev.toolgate.policy.eval.ToolPlan;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.Confidence;
import dev.toolgate.policy.risk.RiskClass;
import dev.toolgate.policy.risk.RiskLevel;
import dev.toolgate.policy.risk.ToolClassifier;
import dev.toolgate.policy.risk.ToolDefinition;

import java.io.PrintStream;
import java.util.List;

/** The class part of {@code explain}: the tool's classification from {@code --definition} or {@code --class}, and why. */
final class ClassExplanation {
    /** @param classification null when neither option was given; problem a usage error, or null */
    record Parsed(Classification classification, String problem) {
    }

    private ClassExplanation() {
    }

    static Parsed parse(String tool, String definition, String riskClass) {
        if (definition != null && riskClass != null) {
            return new Parsed(null, "--definition and --class exclude each other; give one");
        }
        if (definition != null) {
            JsonNode node;
            try {
                node = JsonReading.read(definition);
            } catch (JsonProcessingException e) {
                return new Parsed(null, "--definition is not JSON: " + e.getOriginalMessage());
            }
            ToolDefinition parsed = ToolDefinition.of(node);
            if (parsed == null || !parsed.name().equals(tool)) {
                return new Parsed(null, "--definition must be the tool's definition as listed, an object with \"name\": \"" + tool + "\"");
            }
            return new Parsed(new ToolClassifier().classify(parsed), null);
        }
        if (riskClass != null) {
            String[] parts = riskClass.split("/", 2);
            RiskClass c = RiskClass.fromKeyword(parts[0]);
            RiskLevel level = parts.length > 1 ? RiskLevel.fromKeyword(parts[1]) : RiskLevel.MEDIUM;
            if (c == null || level == null) {
                return new Parsed(null, "--class is a class (read, write, execute, destructive, financial), optionally /low, /medium, /high or /critical");
            }
            return new Parsed(new Classification(tool, c, level, List.of("given with --class"), Confidence.HIGH), null);
        }
        return new Parsed(null, null);
    }

    /** Prints the class lines when the policy selects by class or a classification was given. */
    static void print(PrintStream out, CompiledPolicy policy, String tool, Classification classification) {
        if (!policy.hasClasses() && classification == null) {
            return;
        }
        // what the policy decides by: the given class, or the worst case, with the policy's overrides applied
        Classification shown = policy.classification(tool, classification);
        out.println("class:    " + shown.summary());
        ToolPlan plan = policy.plan(tool, classification);
        if (!plan.selectedBy().isEmpty()) {
            out.println("matched:  " + String.join(", ", plan.selectedBy()) + " (no entry names \"" + tool + "\")");
        } else if (policy.model().tool(tool) != null && policy.hasClasses()) {
            out.println("matched:  tools." + tool + " (a named tool wins over its class)");
        } else {
            out.println("matched:  no class entry for " + shown.riskClass().keyword() + " or " + shown.risk().keyword());
        }
    }
}
