package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.contract.KubernetesServe;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** {@code spec.approval}: how the proxy treats calls that wait for a person's approval (ToolCallApprovals). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalSpec {
    @Min(0)
    @Max(KubernetesServe.MAX_APPROVAL_HOLD_OPEN_SECONDS)
    @JsonPropertyDescription("Seconds a call waiting for approval is held open (its POST answered as an SSE stream with keep-alives) so an agent that never retries still gets its result once a person decides; never past the approval's expiry. 0 or absent: answered at once with approval_pending, the agent retries.")
    private Integer holdOpenSeconds;

    public Integer getHoldOpenSeconds() { return holdOpenSeconds; }
    public void setHoldOpenSeconds(Integer holdOpenSeconds) { this.holdOpenSeconds = holdOpenSeconds; }
}
