package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** TLS to Redis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisTls {
    @JsonPropertyDescription("Connect with TLS (as a rediss:// URL does). Default false.")
    private Boolean enabled;

    @JsonPropertyDescription("Secret key holding the PEM certificate of the CA that signed Redis's certificate, for a private CA (key default ca.crt).")
    private SecretKeyRef caSecretRef;

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public SecretKeyRef getCaSecretRef() { return caSecretRef; }
    public void setCaSecretRef(SecretKeyRef caSecretRef) { this.caSecretRef = caSecretRef; }
}
