package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An existing Redis or Valkey (7.0 / 7.2 or later) the proxy pods keep their counters in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisCounters {
    @Required
    @Pattern("^rediss?://[^:@/]+(:[0-9]+)?(/[0-9]+)?$")
    @JsonPropertyDescription("redis://host:port or rediss://host:port (TLS), optionally /db; never with a password in it.")
    private String url;

    @JsonPropertyDescription("Secret key holding the Redis password (key default password); given to the proxy as an environment variable.")
    private SecretKeyRef passwordSecretRef;

    @JsonPropertyDescription("TLS to Redis.")
    private RedisTls tls;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public SecretKeyRef getPasswordSecretRef() { return passwordSecretRef; }
    public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) { this.passwordSecretRef = passwordSecretRef; }
    public RedisTls getTls() { return tls; }
    public void setTls(RedisTls tls) { this.tls = tls; }
}
