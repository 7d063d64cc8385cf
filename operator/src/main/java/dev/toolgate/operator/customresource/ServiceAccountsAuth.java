package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Kubernetes ServiceAccount tokens the proxy accepts (serve --service-account-audience). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceAccountsAuth {
    @Required
    @Pattern("^[!#-\\[\\]-~]{1,256}$")
    @JsonPropertyDescription("The audience agents request their projected token for, e.g. the McpServer's endpoint URL; tokens for another audience are refused.")
    private String audience;

    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
}
