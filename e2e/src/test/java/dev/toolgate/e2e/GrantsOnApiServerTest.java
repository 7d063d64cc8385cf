package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.ToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #18, grants in the policy, on a real API server: ToolPolicies with a grants: section are accepted and merged
 * into the McpServer's policy ConfigMap (entries adding up, each naming its ToolPolicy); a grant the policy language
 * refuses is reported on the ToolPolicy with its path; what the CRD schema can refuse is refused at apply; and
 * {@code kubectl explain} documents the section.
 */
@ExtendWith(RealApiServer.class)
class GrantsOnApiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "grants";
    private static final String TOOL_POLICY = """
            apiVersion: toolgate.dev/v1alpha1
            kind: ToolPolicy
            metadata: {name: %s}
            spec:
              targetRef: {name: conductor}
              version: "1"
              default: deny
              tools: {run_workflow: {}, list_workflows: {}, get_workflow_status: {}}
              grants:
            %s
            """;

    private static InJvmOperator operator;

    @BeforeAll
    static void start(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        cluster.kubectl().run("create", "namespace", NS).orFail();
        operator = InJvmOperator.start(cluster, NS);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void toolPoliciesWithGrantsAreAcceptedAndTheirEntriesAddUpInTheConfigMap(ControlPlane cluster) throws Exception {
        Kubectl kubectl = cluster.kubectl();
        kubectl.runWithInput("""
                apiVersion: toolgate.dev/v1alpha1
                kind: McpServer
                metadata: {name: conductor}
                spec: {upstream: {url: "http://upstream.example:3000/mcp"}}
                """, "-n", NS, "apply", "-f", "-").orFail();
        apply(kubectl, "operators", """
                  - grant: operators
                    description: the ops agents run workflows
                    tools: [run_workflow, list_workflows]
                    limits: [{counter: runs, window: hour, max: 100, scope: grant}]
                """);
        apply(kubectl, "readers", """
                  - grant: viewers
                    tools: [list_workflows, get_workflow_status]
                  - grant: operators
                    tools: [get_workflow_status]
                  - serviceAccount: ci/*
                    tools: [list_workflows]
                """);

        await().atMost(Duration.ofSeconds(60)).until(() -> condition(kubectl, "toolpolicy", "operators", "Accepted", "status").equals("True")
                && condition(kubectl, "toolpolicy", "readers", "Accepted", "status").equals("True")
                && condition(kubectl, "mcpserver", "conductor", "PolicyApplied", "status").equals("True"));

        assertThat(condition(kubectl, "mcpserver", "conductor", "PolicyApplied", "message"))
                .contains("grant: operators is granted tools by operators, readers");
        JsonNode policy = JSON.readTree(JSON.readTree(kubectl.run("-n", NS, "get", "configmap", "conductor-toolgate-policy",
                "-o", "json").orFail().out()).at("/data/policy.json").asText());
        assertThat(policy.path("grants")).extracting(g -> g.path("grant").asText(g.path("serviceAccount").asText()) + " from "
                + g.path("toolpolicy").asText()).containsExactly("operators from operators", "viewers from readers",
                "operators from readers", "ci/* from readers");
        assertThat(policy.at("/grants/0/limits/0/counter").asText()).isEqualTo("operators/runs");

        // what the proxy will load from that ConfigMap decides per grant
        CompiledPolicy merged = PolicyLoader.fromTree(policy, "configmap");
        PolicyEngine engine = new PolicyEngine(merged, Clock.systemUTC());
        Caller viewer = new Caller("report-agent", List.of("viewers"), "s");
        assertThat(engine.explain(new ToolCall("run_workflow", null, viewer)).rule()).isEqualTo("grants");
        assertThat(engine.explain(new ToolCall("get_workflow_status", null, viewer)).allowed()).isTrue();
        assertThat(engine.explain(new ToolCall("run_workflow", null, new Caller("ops", List.of("operators"), "s"))).allowed()).isTrue();
        assertThat(engine.mayList("list_workflows", new Caller("system:serviceaccount:ci:bot", List.of(), "s"))).isTrue();
    }

    @Test
    void aGrantTheLanguageRefusesIsReportedOnTheToolPolicyWithItsPath(ControlPlane cluster) {
        Kubectl kubectl = cluster.kubectl();
        apply(kubectl, "typo", """
                  - grant: operators
                    tools: [run_workfow]
                  - grant: operators
                    tools: [list_workflows]
                """);

        await().atMost(Duration.ofSeconds(60)).until(() -> condition(kubectl, "toolpolicy", "typo", "Accepted", "status").equals("False"));
        assertThat(condition(kubectl, "toolpolicy", "typo", "Accepted", "message"))
                .contains("grants[0].tools[0]: \"run_workfow\" is not a tool this policy lists")
                .contains("did you mean \"run_workflow\"?")
                .contains("grants[1]: duplicate subject \"grant: operators\"");
    }

    @Test
    void theSchemaRefusesAnEntryWithTwoSubjectsOrAMalformedServiceAccountAtApply(ControlPlane cluster) {
        var twoSubjects = cluster.kubectl().runWithInput(TOOL_POLICY.formatted("two-subjects",
                "    - {grant: a, identity: b, tools: [run_workflow]}"), "-n", NS, "apply", "-f", "-");
        assertThat(twoSubjects.exitCode()).isNotZero();
        assertThat(twoSubjects.err()).contains("spec.grants[0]").contains("a grants entry has exactly one subject");

        var badServiceAccount = cluster.kubectl().runWithInput(TOOL_POLICY.formatted("bad-sa",
                "    - {serviceAccount: \"CI/bot*\", tools: []}"), "-n", NS, "apply", "-f", "-");
        assertThat(badServiceAccount.exitCode()).isNotZero();
        assertThat(badServiceAccount.err()).contains("spec.grants[0].serviceAccount").contains("spec.grants[0].tools");
    }

    @Test
    void kubectlExplainDocumentsTheGrantsSection(ControlPlane cluster) {
        String explained = cluster.kubectl().run("explain", "toolpolicy.spec.grants").orFail().out().replaceAll("\\s+", " ");
        assertThat(explained).contains("FIELD: grants <[]Object>").contains("Toolgate: who may call which tools.");
        for (String field : List.of("identity", "grant", "serviceAccount", "description", "tools", "limits")) {
            assertThat(explained).contains(" " + field + " <");
        }
    }

    private static void apply(Kubectl kubectl, String name, String grants) {
        kubectl.runWithInput(TOOL_POLICY.formatted(name, grants), "-n", NS, "apply", "-f", "-").orFail();
    }

    private static String condition(Kubectl kubectl, String kind, String name, String type, String field) {
        return kubectl.run("-n", NS, "get", kind, name, "-o",
                "jsonpath={.status.conditions[?(@.type==\"" + type + "\")]." + field + "}").out();
    }
}
