package dev.toolgate.proxy.inventory;

import dev.toolgate.policy.risk.ToolFingerprint;

import java.util.List;

/**
 * A tool whose listed definition differs from its pin.
 *
 * @param tool    the tool's name
 * @param changed what differs: {@code description}, {@code inputSchema}, {@code annotations}, {@code other}, or
 *                {@code definition} when the pin holds only the whole hash
 * @param pinned  the pin (accepted, or the first definition seen)
 * @param listed  the definition as last listed
 */
public record ToolChange(String tool, List<String> changed, ToolFingerprint pinned, ToolFingerprint listed) {
    public ToolChange {
        changed = List.copyOf(changed);
    }

    /** {@code description, inputSchema}: for messages. */
    public String what() {
        return String.join(", ", changed);
    }
}
