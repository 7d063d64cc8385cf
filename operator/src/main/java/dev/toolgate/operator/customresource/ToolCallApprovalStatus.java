package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The decision on a ToolCallApproval. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolCallApprovalStatus {
    @JsonPropertyDescription("Pending, Approved, Denied, Consumed (the approved call ran) or Expired.")
    @ValidationRule(value = "self in ['Pending', 'Approved', 'Denied', 'Consumed', 'Expired']",
            message = "state is Pending, Approved, Denied, Consumed or Expired")
    private String state;
    @JsonPropertyDescription("The user name of whoever approved or denied; must be the user writing the decision.")
    private String decidedBy;
    @JsonPropertyDescription("Why it was approved or denied; the agent reads a denial's reason.")
    private String reason;
    @JsonPropertyDescription("RFC 3339 time of the decision.")
    private String decidedAt;

    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getDecidedBy() { return decidedBy; }
    public void setDecidedBy(String decidedBy) { this.decidedBy = decidedBy; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getDecidedAt() { return decidedAt; }
    public void setDecidedAt(String decidedAt) { this.decidedAt = decidedAt; }
}
