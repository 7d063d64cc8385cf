package dev.toolgate.policy.fuzz;

import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.parse.TreeReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the fuzz target's seeds made to exhaust the readers must end in: a documented refusal or a policy that means
 * what its author wrote, never an exception or a value the author did not write. How long they take is the fuzz
 * target's per-input timeout's business (docs/fuzzing.md), not asserted here.
 */
class ReaderBoundsTest {
    private static final String SEEDS = "PolicyDocumentFuzzTestInputs/loadsOrRefusesAndRoundTrips/";

    private static String seed(String name) {
        try (InputStream in = ReaderBoundsTest.class.getResourceAsStream(SEEDS + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void nestingDeeperThanTheReadersAllowIsRefusedWithAnError() {
        for (String seed : new String[] {"deep-nesting.json", "deep-nesting.yaml"}) {
            assertThatThrownBy(() -> PolicyLoader.parse(seed(seed), seed)).as(seed)
                    .isInstanceOfSatisfying(InvalidPolicyException.class,
                            e -> assertThat(e.errors()).singleElement().asString().contains("nesting depth"));
        }
    }

    @Test
    void aConditionValueNestedDeeperThanPoliciesNeedIsRefused() {
        // found fuzzing: at Jackson's default depth (1,000) SnakeYAML's scanner took seconds over a few KiB of brackets
        for (String seed : new String[] {"deep-flow-nesting-timeout.yaml", "nested-100.yaml"}) {
            assertThatThrownBy(() -> PolicyLoader.parse(seed(seed), seed)).as(seed)
                    .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.errors()).singleElement()
                            .asString().contains("nesting depth (" + (TreeReader.MAX_NESTING_DEPTH + 1) + ")"));
        }
    }

    @Test
    void aYamlAliasIsRefusedNotReadAsTheNameOfItsAnchor() {
        // Jackson hands an alias over as a string holding the anchor's name: value: *prod compared with "prod", not
        // with "production", and the rule it guarded let production through
        assertThatThrownBy(() -> PolicyLoader.parse(seed("alias-in-condition.yaml"), "alias"))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.errors()).singleElement()
                        .hasToString("tools.run_workflow.rules[1].conditions[0].value: YAML aliases (*prod) are not supported; "
                                + "write the value out in full"));
    }

    @Test
    void anAliasBombIsRefusedUnexpanded() {
        assertThatThrownBy(() -> PolicyLoader.parse(seed("billion-laughs.yaml"), "bomb"))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.errors())
                        .allSatisfy(error -> assertThat(error.message()).startsWith("YAML aliases")));
    }

    @Test
    void aYamlAliasAsAKeyIsRefused() {
        // the YAML reader itself refuses it: an alias where a field name belongs
        assertThatThrownBy(() -> PolicyLoader.parse(seed("alias-as-key.yaml"), "alias key"))
                .isInstanceOf(InvalidPolicyException.class);
    }
}
