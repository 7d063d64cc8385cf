package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One test of an Intercept rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"path", "op", "value"})
// No CEL rule for "value is required unless op is exists": value is schemaless (any JSON), and the API server's CEL
// cannot see a schemaless field, so it refuses the whole CRD ("undefined field 'value'"); the operator's validator
// reports it instead (Accepted=False).
public class RuleCondition {
    @Required
    @Pattern("^(args|state)(\\.[^.]+)+$")
    @JsonPropertyDescription("What is tested: args.<field>[.<field>...] (the call's arguments; a missing path fails the condition) or state.<tool|_global>.<counter> (a counter's current value).")
    private String path;

    @Required
    @JsonPropertyDescription("eq, neq, in, not_in, lt, lte, gt, gte (numbers compare exactly), regex (RE2, linear time), contains or exists.")
    private ConditionOp op;

    @PreserveUnknownFields
    @JsonPropertyDescription("The value compared with: any JSON (a string, number, boolean, list for in/not_in, object).")
    private JsonNode value;

    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public ConditionOp getOp() { return op; }
    public void setOp(ConditionOp op) { this.op = op; }
    public JsonNode getValue() { return value; }
    public void setValue(JsonNode value) { this.value = value; }
}
