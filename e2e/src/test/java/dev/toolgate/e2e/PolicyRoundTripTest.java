package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.toolgate.policy.PolicyLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 2 of issue #16: a policy pasted under a ToolPolicy's spec comes back from the API server field for field
 * (nothing pruned, no value changed), and what the schema or its CEL rules can refuse is refused at
 * {@code kubectl apply}, with the field named.
 */
@ExtendWith(RealApiServer.class)
class PolicyRoundTripTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "round-trip";

    @BeforeAll
    static void install(ControlPlane cluster) {
        Crds.install(cluster);
        cluster.kubectl().run("create", "namespace", NS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-policy.json", "intercept-policy.yaml"})
    void aPolicyAppliedAsAToolPolicyReadsBackUnchanged(String file, ControlPlane cluster) throws Exception {
        JsonNode policy = YAML.readTree(resource(file));
        PolicyLoader.fromTree(policy, file); // the policy language accepts it, so the round trip is of a real policy
        String name = file.substring(0, file.indexOf('.'));

        var applied = cluster.kubectl().runWithInput(toolPolicy(name, policy).toString(), "-n", NS, "apply", "-f", "-").orFail();
        assertThat(applied.err()).as("no warning: no unknown field dropped").isEmpty();

        JsonNode spec = JSON.readTree(cluster.kubectl().run("-n", NS, "get", "toolpolicy", name, "-o", "json").orFail().out())
                .path("spec");
        JsonNode withoutTarget = ((ObjectNode) spec.deepCopy()).without("targetRef");
        assertThat(withoutTarget).isEqualTo(policy);
        assertThat(spec.path("targetRef").path("name").asText()).isEqualTo("conductor");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a deny rule with conditions | {run_workflow: {rules: [{name: r, action: deny, conditions: [{path: args.a, op: eq, value: 1}]}]}} | spec.tools[run_workflow].rules[0] | a deny rule takes no conditions
            increment and increment_from | {run_workflow: {rules: [{name: r, state: {counter: c, window: day, increment: 2, increment_from: args.n}}]}} | spec.tools[run_workflow].rules[0].state | set increment or increment_from, not both
            an unknown operator | {run_workflow: {rules: [{name: r, conditions: [{path: args.a, op: like, value: x}]}]}} | spec.tools.run_workflow.rules[0].conditions[0].op | Unsupported value: "like"
            a path outside args and state | {run_workflow: {rules: [{name: r, conditions: [{path: env.HOME, op: eq, value: x}]}]}} | spec.tools.run_workflow.rules[0].conditions[0].path | should match
            a rule without a name | {run_workflow: {rules: [{action: deny}]}} | spec.tools.run_workflow.rules[0].name | Required value
            an unknown field | {run_workflow: {rulez: []}} | spec.tools.run_workflow.rulez | unknown field
            """)
    void anInvalidToolPolicyIsRefusedAtApplyNamingTheField(String what, String tools, String field, String message,
                                                           ControlPlane cluster) {
        String manifest = """
                apiVersion: toolgate.dev/v1alpha1
                kind: ToolPolicy
                metadata: {name: invalid}
                spec: {targetRef: {name: conductor}, version: "1", tools: %s}
                """.formatted(tools);

        var refused = cluster.kubectl().runWithInput(manifest, "-n", NS, "apply", "-f", "-");

        assertThat(refused.exitCode()).as(what).isNotZero();
        assertThat(refused.err()).as(what).contains(field).contains(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default: maybe", "version: \"1\""})
    void aSpecWithoutTargetOrWithABadDefaultIsRefused(String extra, ControlPlane cluster) {
        String manifest = """
                apiVersion: toolgate.dev/v1alpha1
                kind: ToolPolicy
                metadata: {name: invalid-top}
                spec:
                  %s
                  tools: {}
                """.formatted(extra);

        var refused = cluster.kubectl().runWithInput(manifest, "-n", NS, "apply", "-f", "-");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains(extra.startsWith("default") ? "spec.default: Unsupported value: \"maybe\"" : "spec.targetRef: Required value");
    }

    private static ObjectNode toolPolicy(String name, JsonNode policy) {
        ObjectNode manifest = JSON.createObjectNode().put("apiVersion", "toolgate.dev/v1alpha1").put("kind", "ToolPolicy");
        manifest.putObject("metadata").put("name", name);
        ObjectNode spec = manifest.putObject("spec");
        spec.putObject("targetRef").put("name", "conductor");
        spec.setAll((ObjectNode) policy);
        return manifest;
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = PolicyRoundTripTest.class.getResourceAsStream("/policies/" + file);
        if (in == null) {
            throw new IOException("test resource /policies/" + file + " is missing");
        }
        return in;
    }
}
