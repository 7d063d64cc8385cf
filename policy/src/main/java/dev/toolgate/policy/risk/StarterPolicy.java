package dev.toolgate.policy.risk;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A starter policy for a server's classified tools, in PolicyLayer's {@code policy.json} shape with a
 * {@code description} per entry saying why: read tools allowed; write tools allowed up to {@value #WRITE_PER_DAY} calls
 * a day per grant; execute tools rate-limited at the seed's {@value #EXECUTE_PER_MINUTE} a minute per grant;
 * destructive and financial tools require a person's approval; everything else denied ({@code default: deny}).
 * A tool whose name would read as a glob ({@code *}, {@code ?}) is left out, so the default denies it.
 */
public final class StarterPolicy {
    static final int WRITE_PER_DAY = 100;
    static final int EXECUTE_PER_MINUTE = 10;
    private static final Pattern COUNTER_UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StarterPolicy() {
    }

    /** The policy document for {@code tools} of the server at {@code source}. */
    public static ObjectNode of(String source, List<Classification> tools) {
        ObjectNode doc = NODES.objectNode();
        doc.put("version", "1");
        doc.put("description", "Starter policy for " + source + " written by toolgate scan from each tool's risk class; "
                + "review it before use");
        doc.put("default", "deny");
        ObjectNode entries = doc.putObject("tools");
        Set<String> counters = new HashSet<>();
        for (Classification tool : tools) {
            if (tool.tool().indexOf('*') >= 0 || tool.tool().indexOf('?') >= 0) {
                continue;
            }
            entries.set(tool.tool(), entry(tool, counters));
        }
        return doc;
    }

    private static ObjectNode entry(Classification tool, Set<String> counters) {
        ObjectNode entry = NODES.objectNode();
        String why = tool.riskClass().keyword() + "/" + tool.risk().keyword() + " (" + String.join("; ", tool.signals()) + ")";
        switch (tool.riskClass()) {
            case READ -> entry.put("description", why + ": reads only, allowed");
            case WRITE -> {
                entry.put("description", why + ": changes state, allowed up to " + WRITE_PER_DAY + " calls a day per grant");
                entry.putArray("limits").add(limit(counter(tool.tool() + "_daily", counters), "day", WRITE_PER_DAY));
            }
            case EXECUTE -> {
                entry.put("description", why + ": runs things, rate-limited to " + EXECUTE_PER_MINUTE + " calls a minute per grant");
                entry.putArray("limits").add(limit(counter(tool.tool() + "_rate", counters), "minute", EXECUTE_PER_MINUTE));
            }
            case DESTRUCTIVE, FINANCIAL -> {
                String what = tool.riskClass() == RiskClass.FINANCIAL ? "moves money" : "cannot be undone";
                entry.put("description", why + ": " + what + ", needs a person's approval");
                entry.put("action", "require_approval");
                entry.put("reason", tool.tool() + " is a " + tool.riskClass().keyword() + " tool; a person must approve each call");
            }
        }
        return entry;
    }

    private static ObjectNode limit(String counter, String window, int max) {
        return NODES.objectNode().put("counter", counter).put("window", window).put("max", max).put("scope", "grant");
    }

    /** A counter name the language accepts, unique in the document: unsafe characters become {@code _}. */
    private static String counter(String wanted, Set<String> taken) {
        String base = COUNTER_UNSAFE.matcher(wanted).replaceAll("_");
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }
}
