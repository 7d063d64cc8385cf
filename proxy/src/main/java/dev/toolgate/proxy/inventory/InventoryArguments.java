package dev.toolgate.proxy.inventory;

import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.risk.ToolClassifier;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code serve} flags of the tool inventory: {@code --tool-pins FILE}, {@code --on-tool-change
 * require_approval|deny}, {@code --trust-annotations true|false}.
 *
 * @param pins             the pins file, or null for no pinning (standalone) or the McpServer's pins (Kubernetes)
 * @param onChange         what a call of a changed tool gets
 * @param trustAnnotations whether the upstream's annotations are believed
 */
public record InventoryArguments(Path pins, Outcome onChange, boolean trustAnnotations) {
    public static final InventoryArguments DEFAULTS = new InventoryArguments(null, Outcome.REQUIRE_APPROVAL, false);

    /** {@code require_approval} or {@code deny}; an {@link IllegalArgumentException} otherwise. */
    public static Outcome onChange(String flag, String value) {
        return switch (value) {
            case "require_approval" -> Outcome.REQUIRE_APPROVAL;
            case "deny" -> Outcome.DENY;
            default -> throw new IllegalArgumentException(flag + " must be require_approval or deny: " + value);
        };
    }

    /** {@code true} or {@code false}; an {@link IllegalArgumentException} otherwise. */
    public static boolean bool(String flag, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(flag + " must be true or false: " + value);
        };
    }

    /** The inventory these arguments describe, pinned to {@code pins} (the file's when null and a file is given). */
    public ToolInventory inventory(AcceptedPins accepted, java.util.function.Consumer<ToolChange> changes, Clock clock) {
        AcceptedPins source = accepted != null ? accepted : pins != null ? new PinsFile(pins, clock) : AcceptedPins.NONE;
        return new ToolInventory(new ToolClassifier(trustAnnotations, Map.of()), source, onChange, changes);
    }
}
