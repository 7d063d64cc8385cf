package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** {@code spec.approval}: how calls that need a person's approval are answered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Approval {
    @Min(0)
    @Max(60)
    @JsonPropertyDescription("Seconds an MCP 2026-07-28 client's retry (carrying the proxy's requestState) waits for the approval's decision before it is answered; 0 answers at once. Default 30.")
    private Integer waitSeconds;

    public Integer getWaitSeconds() { return waitSeconds; }
    public void setWaitSeconds(Integer waitSeconds) { this.waitSeconds = waitSeconds; }
}
