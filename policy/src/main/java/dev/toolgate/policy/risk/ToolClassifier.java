package dev.toolgate.policy.risk;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classifies a tool from its definition: pure and deterministic, the same definition always gives the same
 * {@link Classification}. The rules, in order (documented in {@code docs/risk.md}):
 * <ol>
 *   <li>an override a person wrote wins;</li>
 *   <li>the class is read from the first verb of the tool's name ({@code get_}, {@code create_}, {@code run_},
 *       {@code delete_}, {@code refund_}); a later destructive verb raises it; a changing verb with a money noun
 *       ({@code create_payment}) makes it financial; with no verb in the name, the first verb of the description's
 *       first words decides;</li>
 *   <li>the input schema raises it: code or command inputs make it execute, amounts with a changing verb financial;</li>
 *   <li>annotations: when trusted, {@code readOnlyHint: true} makes it read and otherwise {@code destructiveHint}
 *       (default true) destructive; when not trusted, only what admits danger ({@code destructiveHint: true}) counts;</li>
 *   <li>with no verb and no annotation to go on, the spec's worst-case reading of missing annotations decides:
 *       destructive;</li>
 *   <li>the risk starts from the class (read low, write medium, execute and destructive high, financial critical) and
 *       goes up one level per aggravating signal (code input, free-form query on a read, URL input, bulk action,
 *       irreversible wording, secrets, financial data read).</li>
 * </ol>
 */
public final class ToolClassifier {
    /** Words of a description read for a verb, and of a name read at all. */
    private static final int DESCRIPTION_WORDS = 12;
    private static final int NAME_WORDS = 16;
    /** Characters of a description searched for phrases. */
    private static final int DESCRIPTION_CHARS = 4_096;

    private final boolean trustAnnotations;
    private final Map<String, RiskOverride> overrides;

    /**
     * @param trustAnnotations true when the server is trusted, so its annotations count as given
     * @param overrides        a person's verdicts by exact tool name
     */
    public ToolClassifier(boolean trustAnnotations, Map<String, RiskOverride> overrides) {
        this.trustAnnotations = trustAnnotations;
        this.overrides = Map.copyOf(overrides);
    }

    /** A classifier that does not trust annotations and has no overrides. */
    public ToolClassifier() {
        this(false, Map.of());
    }

    public Classification classify(ToolDefinition tool) {
        List<String> signals = new ArrayList<>();
        RiskOverride override = overrides.get(tool.name());
        Reading reading = read(tool, signals);
        if (override != null) {
            signals.add(0, "override: " + override.riskClass().keyword()
                    + (override.risk() == null ? "" : "/" + override.risk().keyword()));
            RiskLevel risk = override.risk() != null ? override.risk() : risk(override.riskClass(), reading, new ArrayList<>());
            return new Classification(tool.name(), override.riskClass(), risk, signals, Confidence.HIGH);
        }
        RiskLevel risk = risk(reading.riskClass, reading, signals);
        return new Classification(tool.name(), reading.riskClass, risk, signals, reading.confidence);
    }

    /** What the definition says before any override; collects the class signals. */
    private Reading read(ToolDefinition tool, List<String> signals) {
        List<String> nameWords = Vocabulary.words(tool.name(), NAME_WORDS);
        String description = tool.description().length() > DESCRIPTION_CHARS
                ? tool.description().substring(0, DESCRIPTION_CHARS) : tool.description();
        String lowerDescription = description.toLowerCase(Locale.ROOT);
        SchemaSignals schema = SchemaSignals.of(tool.inputSchema());

        RiskClass riskClass = null;
        Confidence confidence = Confidence.LOW;
        String verb = null;
        for (String word : nameWords) {
            RiskClass c = Vocabulary.verbClass(word);
            if (c != null && riskClass == null) {
                riskClass = c;
                verb = word;
                signals.add("name verb \"" + word + "\": " + c.keyword());
                confidence = Confidence.MEDIUM;
            } else if (c == RiskClass.DESTRUCTIVE && riskClass != null && riskClass.ordinal() < c.ordinal()) {
                riskClass = c;
                signals.add("name verb \"" + word + "\": destructive");
            }
        }
        if (riskClass == null) {
            for (String word : firstSentence(description)) {
                RiskClass c = Vocabulary.verbClass(word);
                if (c != null) {
                    riskClass = c;
                    verb = word;
                    signals.add("description verb \"" + word + "\": " + c.keyword());
                    break;
                }
            }
        }
        boolean changing = riskClass != null && riskClass != RiskClass.READ;
        String money = moneyNoun(nameWords);
        if (changing && riskClass != RiskClass.FINANCIAL && money != null) {
            riskClass = RiskClass.FINANCIAL;
            signals.add("changes money (" + money + ")");
        }
        if (!schema.code().isEmpty()) {
            signals.add("accepts freeform code/query input (" + String.join(", ", schema.code()) + ")");
            if (riskClass == null || riskClass.ordinal() < RiskClass.EXECUTE.ordinal()) {
                riskClass = RiskClass.EXECUTE;
            } else if (riskClass == RiskClass.EXECUTE && confidence == Confidence.MEDIUM) {
                confidence = Confidence.HIGH;
            }
        }
        if (!schema.amounts().isEmpty() && riskClass != null && riskClass != RiskClass.READ) {
            signals.add("accepts an amount (" + String.join(", ", schema.amounts()) + ")");
            if (riskClass == RiskClass.FINANCIAL && confidence == Confidence.MEDIUM) {
                confidence = Confidence.HIGH;
            }
            riskClass = RiskClass.FINANCIAL;
        }
        Annotations hints = Annotations.of(tool.annotations(), trustAnnotations);
        RiskClass byHints = hints.riskClass(signals);
        if (byHints == RiskClass.READ) {
            // trusted readOnlyHint: true: the server is believed
            confidence = riskClass == null || riskClass == RiskClass.READ ? Confidence.HIGH : Confidence.MEDIUM;
            riskClass = RiskClass.READ;
        } else if (byHints != null) {
            if (riskClass == byHints && confidence == Confidence.MEDIUM) {
                confidence = Confidence.HIGH;
            }
            riskClass = byHints.max(riskClass);
        }
        if (riskClass == null) {
            riskClass = RiskClass.UNSEEN;
            signals.add("no verb recognised in name or description: read with the MCP specification's worst-case "
                    + "defaults (readOnlyHint: false, destructiveHint: true)");
        }
        return new Reading(riskClass, confidence, verb, schema, lowerDescription, nameWords, money);
    }

    /** The risk level of {@code riskClass} with the reading's aggravating signals. */
    private static RiskLevel risk(RiskClass riskClass, Reading reading, List<String> signals) {
        RiskLevel risk = switch (riskClass) {
            case READ -> RiskLevel.LOW;
            case WRITE -> RiskLevel.MEDIUM;
            case EXECUTE, DESTRUCTIVE -> RiskLevel.HIGH;
            case FINANCIAL -> RiskLevel.CRITICAL;
        };
        boolean changing = riskClass != RiskClass.READ;
        if (!reading.schema.code().isEmpty()) {
            risk = risk.raised();
        }
        if (!changing && !reading.schema.queries().isEmpty()) {
            signals.add("accepts a free-form query (" + String.join(", ", reading.schema.queries()) + ")");
            risk = risk.raised();
        }
        if (!reading.schema.urls().isEmpty()) {
            signals.add("accepts a URL (" + String.join(", ", reading.schema.urls()) + "): reaches places the caller picks");
            risk = risk.raised();
        }
        String bulk = bulkWord(reading.nameWords);
        if (changing && bulk != null) {
            signals.add("acts on many objects at once (" + bulk + ")");
            risk = risk.raised();
        }
        String irreversible = phrase(reading.description, Vocabulary.IRREVERSIBLE_PHRASES);
        if (changing && irreversible != null) {
            signals.add("cannot be undone (\"" + irreversible + "\")");
            risk = risk.raised();
        }
        String secret = phrase(reading.description, Vocabulary.SECRET_PHRASES);
        if (secret != null) {
            signals.add("may expose secrets (" + secret + ")");
            risk = risk.raised();
        }
        if (!changing && reading.money != null) {
            signals.add("reads financial data (" + reading.money + ")");
            risk = risk.raised();
        }
        return risk;
    }

    private static List<String> firstSentence(String description) {
        int end = description.indexOf(". ");
        String sentence = end < 0 ? description : description.substring(0, end);
        return Vocabulary.words(sentence, DESCRIPTION_WORDS);
    }

    private static String moneyNoun(List<String> words) {
        for (String word : words) {
            String form = Vocabulary.formIn(word, Vocabulary.MONEY_NOUNS);
            if (form != null) {
                return form;
            }
        }
        return null;
    }

    private static String bulkWord(List<String> words) {
        for (String word : words) {
            if (Vocabulary.BULK_WORDS.contains(word)) {
                return word;
            }
        }
        return null;
    }

    private static String phrase(String text, List<String> phrases) {
        for (String phrase : phrases) {
            if (text.contains(phrase)) {
                return phrase;
            }
        }
        return null;
    }

    /** What the definition said, before the risk level. */
    private record Reading(RiskClass riskClass, Confidence confidence, String verb, SchemaSignals schema,
                           String description, List<String> nameWords, String money) {
    }

    /**
     * The annotations as the classifier reads them: given values when trusted (spec defaults for missing fields when the
     * server sent annotations at all); when not trusted, only a declared {@code destructiveHint: true}.
     */
    private record Annotations(JsonNode given, boolean trusted) {
        static Annotations of(JsonNode annotations, boolean trusted) {
            return new Annotations(annotations, trusted);
        }

        /** The class the annotations put the tool in, or null when they say nothing that counts. */
        RiskClass riskClass(List<String> signals) {
            if (given == null) {
                return null;
            }
            boolean readOnly = hint("readOnlyHint", false);
            boolean destructive = hint("destructiveHint", true);
            if (trusted) {
                if (readOnly) {
                    signals.add("readOnlyHint: true (annotations trusted)");
                    return RiskClass.READ;
                }
                signals.add("destructiveHint: " + destructive + (given.has("destructiveHint") ? "" : " (the specification's default)")
                        + " (annotations trusted)");
                return destructive ? RiskClass.DESTRUCTIVE : RiskClass.WRITE;
            }
            if (!readOnly && given.path("destructiveHint").isBoolean() && destructive) {
                signals.add("the server declares destructiveHint: true");
                return RiskClass.DESTRUCTIVE;
            }
            if (readOnly || given.path("destructiveHint").isBoolean()) {
                signals.add("annotations not trusted: reassuring hints ignored");
            }
            return null;
        }

        private boolean hint(String name, boolean specDefault) {
            JsonNode value = given.get(name);
            return value != null && value.isBoolean() ? value.booleanValue() : specDefault;
        }
    }
}
