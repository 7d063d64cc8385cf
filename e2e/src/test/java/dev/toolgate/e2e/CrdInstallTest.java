package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 1 of issue #16: {@code kubectl apply -f crds/} exactly as the README says; the API server accepts both CRDs
 * as structural, with every CEL rule compiled within its cost budget; {@code kubectl explain} and
 * {@code kubectl get mcps,tp} print what docs/operator.md says.
 */
@ExtendWith(RealApiServer.class)
class CrdInstallTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "crd-install";

    @BeforeAll
    static void install(ControlPlane cluster) {
        Crds.install(cluster);
        cluster.kubectl().run("create", "namespace", NS);
    }

    @Test
    void bothCrdsAreEstablishedStructuralAndTheirCelRulesCompile(ControlPlane cluster) throws Exception {
        for (String crd : List.of("mcpservers.toolgate.dev", "toolpolicies.toolgate.dev")) {
            JsonNode status = JSON.readTree(cluster.kubectl().run("get", "crd", crd, "-o", "json").orFail().out()).path("status");
            List<String> trueConditions = StreamSupport.stream(status.path("conditions").spliterator(), false)
                    .filter(c -> c.path("status").asText().equals("True")).map(c -> c.path("type").asText()).toList();
            assertThat(trueConditions).as(crd).contains("Established", "NamesAccepted")
                    .doesNotContain("NonStructuralSchema");
        }
    }

    @Test
    void theApiServerRefusesACelRuleOverItsCostBudget(ControlPlane cluster) {
        // the proof that "applied" above means "within budget": the same server refuses a rule that is not
        var refused = cluster.kubectl().runWithInput("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: costly.e2e.toolgate.dev}
                spec:
                  group: e2e.toolgate.dev
                  names: {kind: Costly, plural: costly}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              names: {type: array, items: {type: string}}
                            x-kubernetes-validations:
                            - rule: "self.names.all(a, self.names.all(b, self.names.all(c, a + b + c != '')))"
                """, "apply", "-f", "-");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule")
                .contains("cost");
    }

    @Test
    void explainDocumentsThePolicyLanguage(ControlPlane cluster) {
        String explained = cluster.kubectl().run("explain", "toolpolicy.spec.tools").orFail().out().replaceAll("\\s+", " ");

        assertThat(explained).contains("KIND: ToolPolicy").contains("FIELD: tools <map[string]Object>")
                .contains("Per-tool policy keyed by tool name, a glob such as github_* or \"*\" for every tool.");
        for (String field : List.of("action", "limits", "rate_limit", "reason", "rules")) {
            assertThat(explained).contains(" " + field + " <");
        }
    }

    @Test
    void getShowsThePrinterColumnsTheDocsName(ControlPlane cluster) {
        cluster.kubectl().runWithInput("""
                apiVersion: toolgate.dev/v1alpha1
                kind: McpServer
                metadata: {name: columns}
                spec: {upstream: {url: "http://upstream.example:3000/mcp"}}
                ---
                apiVersion: toolgate.dev/v1alpha1
                kind: ToolPolicy
                metadata: {name: columns}
                spec: {targetRef: {name: columns}, version: "1", default: deny, tools: {run_workflow: {}}}
                """, "-n", NS, "apply", "-f", "-").orFail();

        List<String> lines = cluster.kubectl().run("-n", NS, "get", "mcps,tp").orFail().out().lines().toList();
        // docs/operator.md: "kubectl get mcps shows upstream, policies, ready and age", and the proxy's tool counts
        // (docs/risk.md); "kubectl get tp shows target, default, tools, accepted and age"
        assertThat(header(lines, 0)).containsExactlyInAnyOrder("NAME", "UPSTREAM", "READY", "POLICIES", "TOOLS", "CRITICAL",
                "HIGH", "CHANGED", "AGE");
        assertThat(lines.get(1)).startsWith("mcpserver.toolgate.dev/columns").contains("http://upstream.example:3000/mcp");
        int tp = lines.indexOf("") + 1;
        assertThat(header(lines, tp)).containsExactlyInAnyOrder("NAME", "DEFAULT", "TARGET", "ACCEPTED", "TOOLS", "AGE");
        assertThat(lines.get(tp + 1)).startsWith("toolpolicy.toolgate.dev/columns").contains("deny");

        List<String> wide = cluster.kubectl().run("-n", NS, "get", "mcps", "-o", "wide").orFail().out().lines().toList();
        assertThat(header(wide, 0)).as("-o wide adds the endpoint and the other risk levels").contains("ENDPOINT", "MEDIUM", "LOW");
    }

    private static List<String> header(List<String> lines, int index) {
        return List.of(lines.get(index).trim().split("\\s+"));
    }
}
