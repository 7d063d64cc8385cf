package dev.toolgate.proxy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.ToolClassifier;
import dev.toolgate.policy.risk.ToolDefinition;
import dev.toolgate.policy.risk.ToolFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The upstream's tools as listed through the proxy: every {@code tools/list} answer the proxy relays is observed
 * (before it is filtered for the caller), each definition fingerprinted and classified, so that a {@code tools/call}
 * is decided with its tool's class and held against its pin. Bounded: at most {@value #MAX_TOOLS} tools are held and a
 * definition longer than {@value #MAX_DEFINITION_CHARS} characters of canonical JSON is not recorded; a tool left out
 * counts as never seen (the worst case). A definition is classified once per fingerprint.
 *
 * <p>Pinning (when the {@link AcceptedPins} pin at all): a tool's pin is its accepted fingerprint, else the first
 * definition seen. A listed definition that differs from its pin makes the tool {@linkplain #refusal need approval}
 * (or be denied) and removes it from {@code tools/list} answers, since its new description is exactly what must not
 * reach a model unseen; the change is reported once per new definition.
 */
public final class ToolInventory {
    /** The rule of a call refused because its tool's definition changed from its pin. */
    public static final String CHANGED_RULE = "toolgate/tool-changed";
    static final int MAX_TOOLS = 5_000;
    static final int MAX_DEFINITION_CHARS = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ToolInventory.class);

    private final ToolClassifier classifier;
    private final AcceptedPins pins;
    private final Outcome onChange;
    private final Consumer<ToolChange> changes;
    private final ConcurrentHashMap<String, ToolRecord> tools = new ConcurrentHashMap<>();
    /** Change reports already made, by tool: the listed fingerprint reported. */
    private final ConcurrentHashMap<String, String> reported = new ConcurrentHashMap<>();

    /**
     * @param classifier how definitions are classified (trust in annotations, overrides)
     * @param pins       the accepted definitions
     * @param onChange   {@link Outcome#REQUIRE_APPROVAL} or {@link Outcome#DENY} for a tool whose definition changed
     * @param changes    told once about each new definition that differs from its pin
     */
    public ToolInventory(ToolClassifier classifier, AcceptedPins pins, Outcome onChange, Consumer<ToolChange> changes) {
        if (onChange != Outcome.REQUIRE_APPROVAL && onChange != Outcome.DENY) {
            throw new IllegalArgumentException("a changed tool is require_approval or deny, not " + onChange);
        }
        this.classifier = Objects.requireNonNull(classifier);
        this.pins = Objects.requireNonNull(pins);
        this.onChange = onChange;
        this.changes = Objects.requireNonNull(changes);
    }

    /** Classifies with untrusted annotations and pins nothing. */
    public static ToolInventory unpinned() {
        return new ToolInventory(new ToolClassifier(), AcceptedPins.NONE, Outcome.REQUIRE_APPROVAL, change -> { });
    }

    /** Records the definitions of one {@code tools/list} answer's {@code result.tools}. */
    public void observe(JsonNode listed) {
        if (!listed.isArray()) {
            return;
        }
        for (JsonNode element : listed) {
            ToolDefinition definition = ToolDefinition.of(element);
            if (definition != null) {
                record(definition);
            }
        }
    }

    private void record(ToolDefinition definition) {
        String name = definition.name();
        ToolRecord known = tools.get(name);
        if (known == null && tools.size() >= MAX_TOOLS) {
            LOG.warn("tool inventory full ({} tools): {} is not recorded and counts as never seen", MAX_TOOLS, name);
            return;
        }
        if (ToolFingerprint.canonical(definition.listed()).length() > MAX_DEFINITION_CHARS) {
            LOG.warn("the definition of tool {} is longer than {} characters: not recorded, it counts as never seen",
                    name, MAX_DEFINITION_CHARS);
            tools.remove(name);
            return;
        }
        ToolFingerprint fingerprint = ToolFingerprint.of(definition.listed());
        if (known != null && known.listed().sha256().equals(fingerprint.sha256())) {
            reportIfChanged(name);
            return;
        }
        Classification classification = classifier.classify(definition);
        tools.put(name, known == null ? new ToolRecord(classification, fingerprint, fingerprint, List.of(fingerprint))
                : known.next(classification, fingerprint));
        reportIfChanged(name);
    }

    private void reportIfChanged(String name) {
        ToolChange change = change(name);
        if (change != null && !change.listed().sha256().equals(reported.put(name, change.listed().sha256()))) {
            LOG.warn("the definition of tool {} changed from its pin ({}): calls {} until a person accepts sha256 {}",
                    name, change.what(), onChange == Outcome.DENY ? "are denied" : "need approval", change.listed().sha256());
            changes.accept(change);
        }
    }

    /** The tool's classification from its last listed definition; null when it has not been seen (or not recorded). */
    public Classification classification(String tool) {
        ToolRecord known = tools.get(tool);
        return known == null ? null : known.classification();
    }

    /** How the tool's listed definition differs from its pin; null when it does not (or nothing is pinned). */
    public ToolChange change(String tool) {
        ToolRecord known = tools.get(tool);
        if (known == null || !pins.pinning()) {
            return null;
        }
        ToolFingerprint pin = known.withParts(pins.accepted().getOrDefault(tool, known.firstSeen()));
        List<String> changed = known.listed().changesFrom(pin);
        return changed.isEmpty() ? null : new ToolChange(tool, changed, pin, known.listed());
    }

    /** The refusal of a call of a tool whose definition changed from its pin; null for every other call. */
    public Decision refusal(String tool) {
        ToolChange change = change(tool);
        if (change == null) {
            return null;
        }
        String reason = "the definition of tool \"" + tool + "\" changed since it was pinned (" + change.what()
                + "); a person must accept the new definition before it can be called";
        return new Decision(onChange, tool, CHANGED_RULE, RuleOrigin.PROXY, reason, null, Reservation.NONE, null);
    }

    /** False for a tool whose definition changed from its pin: its new text is not shown to the model. */
    public boolean mayList(String tool) {
        return change(tool) == null;
    }

    /** Every recorded tool by name, sorted. */
    public Map<String, ToolRecord> tools() {
        return new TreeMap<>(tools);
    }
}
