package dev.toolgate.policy;

/**
 * Who makes a tool call: the keys that counter scopes use.
 *
 * @param identity the authenticated principal (an API key's identity, later a JWT subject); "anonymous" without auth
 * @param grant    the grant the credential was issued under (a team, a plan); "default" when none
 * @param session  the MCP session ({@code Mcp-Session-Id}); "none" for stateless calls
 */
public record Caller(String identity, String grant, String session) {
    public static final Caller ANONYMOUS = new Caller("anonymous", "default", "none");

    public Caller {
        identity = identity == null || identity.isEmpty() ? "anonymous" : identity;
        grant = grant == null || grant.isEmpty() ? "default" : grant;
        session = session == null || session.isEmpty() ? "none" : session;
    }
}
