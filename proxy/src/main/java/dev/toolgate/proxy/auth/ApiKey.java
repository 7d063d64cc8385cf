package dev.toolgate.proxy.auth;

/**
 * One entry of the API keys file: a bearer token and who presents it.
 *
 * @param token    the secret bearer token
 * @param identity the caller's identity for policy scopes and audit
 * @param grant    the grant (team, plan) counters with {@code scope: grant} are keyed by
 */
public record ApiKey(String token, String identity, String grant) {
    @Override
    public String toString() {
        return "ApiKey[identity=" + identity + ", grant=" + grant + "]";
    }
}
