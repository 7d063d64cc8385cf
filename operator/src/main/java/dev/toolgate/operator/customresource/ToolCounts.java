package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** {@code status.toolCounts}: the upstream's tools by risk level, for {@code kubectl get mcps}; written by the proxy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolCounts {
    @JsonPropertyDescription("Tools listed.")
    private Integer total;
    @JsonPropertyDescription("Tools of risk low.")
    private Integer low;
    @JsonPropertyDescription("Tools of risk medium.")
    private Integer medium;
    @JsonPropertyDescription("Tools of risk high.")
    private Integer high;
    @JsonPropertyDescription("Tools of risk critical.")
    private Integer critical;
    @JsonPropertyDescription("Tools whose definition changed from its pin (calls need approval).")
    private Integer changed;

    public Integer getTotal() { return total; }
    public void setTotal(Integer total) { this.total = total; }
    public Integer getLow() { return low; }
    public void setLow(Integer low) { this.low = low; }
    public Integer getMedium() { return medium; }
    public void setMedium(Integer medium) { this.medium = medium; }
    public Integer getHigh() { return high; }
    public void setHigh(Integer high) { this.high = high; }
    public Integer getCritical() { return critical; }
    public void setCritical(Integer critical) { this.critical = critical; }
    public Integer getChanged() { return changed; }
    public void setChanged(Integer changed) { this.changed = changed; }
}
