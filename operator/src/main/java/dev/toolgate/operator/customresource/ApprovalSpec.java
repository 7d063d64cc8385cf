package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.contract.KubernetesServe;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * {@code spec.approval}: how the proxy treats calls that wait for a person's approval (ToolCallApprovals): held open, and
 * how long an MCP 2026-07-28 retry waits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalSpec {
    @Min(0)
    @Max(KubernetesServe.MAX_APPROVAL_HOLD_OPEN_SECONDS)
    @JsonPropertyDescription("Seconds a call waiting for approval is held open (its POST answered as an SSE stream with keep-alives) so an agent that never retries still gets its result once a person decides; never past the approval's expiry. 0 or absent: answered at once with approval_pending, the agent retries.")
    private Integer holdOpenSeconds;

    @Min(0)
    @Max(KubernetesServe.MAX_APPROVAL_WAIT_SECONDS)
    @JsonPropertyDescription("Seconds an MCP 2026-07-28 client's retry (carrying the proxy's requestState) waits for the approval's decision before it is answered; 0 answers at once. Default 30.")
    private Integer waitSeconds;

    public Integer getHoldOpenSeconds() { return holdOpenSeconds; }
    public void setHoldOpenSeconds(Integer holdOpenSeconds) { this.holdOpenSeconds = holdOpenSeconds; }
    public Integer getWaitSeconds() { return waitSeconds; }
    public void setWaitSeconds(Integer waitSeconds) { this.waitSeconds = waitSeconds; }
}
