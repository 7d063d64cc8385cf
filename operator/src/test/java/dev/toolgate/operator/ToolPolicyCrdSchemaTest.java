package dev.toolgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.operator.policy.PolicyDocuments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ToolPolicy CRD's schema lets through unchanged, and what it refuses at kubectl apply. */
class ToolPolicyCrdSchemaTest {
    @Test
    void theSeedIsAcceptedVerbatimUnderSpec() throws Exception {
        assertThat(SchemaCheck.problems(schema(), resource(Fixtures.SEED))).isEmpty();
    }

    @Test
    void aWindowInSecondsAndAnyJsonConditionValueFit() throws Exception {
        String policy = """
                {"version":"1","tools":{"run_workflow":{"limits":[{"counter":"c","window":60,"max":10}],
                 "rules":[{"name":"r","conditions":[{"path":"args.input","op":"eq","value":{"a":[1,"x",true]}},
                                                     {"path":"args.n","op":"in","value":[1,2]}]},
                          {"name":"s","rate_limit":{"max":5,"window":3600,"scope":"identity"}}]}}}""";
        assertThat(SchemaCheck.problems(schema(), resource(policy))).isEmpty();
    }

    @Test
    void obviousMistakesAreRefused() throws Exception {
        String policy = """
                {"version":"1","default":"maybe","tools":{"run_workflow":{"limits":[{"counter":"c","window":1.5,"max":-1,"scop":"grant"}],
                 "rules":[{"name":"r","action":"allow"}]}}}""";
        assertThat(SchemaCheck.problems(schema(), resource(policy))).containsExactlyInAnyOrder(
                "spec.default: \"maybe\" is not one of [\"allow\",\"deny\"]",
                "spec.tools.run_workflow.limits[0].window: must be an integer or a string",
                "spec.tools.run_workflow.limits[0].max: below the minimum 0.0",
                "spec.tools.run_workflow.limits[0].scop: unknown field, would be pruned",
                "spec.tools.run_workflow.rules[0].action: \"allow\" is not one of [\"deny\",\"evaluate\",\"require_approval\"]");
    }

    @Test
    void crossFieldRulesAreCelValidations() throws Exception {
        JsonNode rule = schema().at("/properties/spec/properties/tools/additionalProperties/properties/rules/items");
        assertThat(rule.path("x-kubernetes-validations").findValuesAsText("rule"))
                .containsExactly("!(has(self.action) && self.action == 'deny' && has(self.conditions))");
        JsonNode upstream = SchemaCheck.schema("mcpservers.toolgate.dev-v1.yml").at("/properties/spec/properties/upstream");
        assertThat(upstream.path("x-kubernetes-validations").findValuesAsText("rule")).containsExactly("has(self.url) != has(self.sidecar)");
    }

    @Test
    void grantsFitAndTheirObviousMistakesAreRefused() throws Exception {
        String good = """
                {"version":"1","tools":{"run_workflow":{}},"grants":[
                  {"grant":"operators","description":"ops","tools":["*"],"limits":[{"counter":"c","window":"hour","max":100,"scope":"identity"}]},
                  {"identity":"alice","tools":["run_workflow"]},
                  {"serviceAccount":"agents/release-bot","tools":["run_workflow"]},
                  {"serviceAccount":"ci/*","tools":["list_*"]}]}""";
        assertThat(SchemaCheck.problems(schema(), resource(good))).isEmpty();
        String bad = """
                {"version":"1","tools":{},"grants":[{"serviceAccount":"Agents/bot*","tool":["x"]}]}""";
        assertThat(SchemaCheck.problems(schema(), resource(bad))).containsExactlyInAnyOrder(
                "spec.grants[0].tools: required",
                "spec.grants[0].serviceAccount: does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?/(\\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$",
                "spec.grants[0].tool: unknown field, would be pruned");
        JsonNode entry = schema().at("/properties/spec/properties/grants/items");
        assertThat(entry.path("x-kubernetes-validations").findValuesAsText("rule")).containsExactly(
                "(has(self.identity) ? 1 : 0) + (has(self.grant) ? 1 : 0) + (has(self.serviceAccount) ? 1 : 0) == 1");
        assertThat(entry.at("/properties/tools/minItems").asInt()).isEqualTo(1);
    }

    private static JsonNode schema() throws Exception {
        return SchemaCheck.schema("toolpolicies.toolgate.dev-v1.yml");
    }

    private static JsonNode resource(String policy) throws Exception {
        var spec = (com.fasterxml.jackson.databind.node.ObjectNode) PolicyDocuments.mapper().readTree(policy);
        spec.putObject("targetRef").put("name", "conductor");
        var resource = PolicyDocuments.mapper().createObjectNode();
        resource.put("apiVersion", "toolgate.dev/v1alpha1").put("kind", "ToolPolicy");
        resource.set("spec", spec);
        return resource;
    }
}
