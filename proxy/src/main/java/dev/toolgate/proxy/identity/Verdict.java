package dev.toolgate.proxy.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a bearer token is worth: an authenticated caller, or a refusal with its challenge. */
public sealed interface Verdict {
    /**
     * Until when the verdict may be reused for the same token without asking again; null: not at all.
     */
    Instant reusableUntil();

    /**
     * @param identity the principal (a JWT's identity claim, {@code system:serviceaccount:ns:name}, an API key's identity)
     * @param grants   the grants the token carries, in its order (may be empty)
     * @param tokenRef how the audit names the token: its {@code jti} or a SHA-256 prefix; null for API keys
     */
    record Accepted(String identity, List<String> grants, String tokenRef, Instant reusableUntil) implements Verdict {
        public Accepted {
            Objects.requireNonNull(identity, "identity");
            grants = List.copyOf(grants);
        }
    }

    /** @param challenge the status and {@code WWW-Authenticate} parameters the client is answered with */
    record Refused(Challenge challenge, Instant reusableUntil) implements Verdict {
        public Refused {
            Objects.requireNonNull(challenge, "challenge");
        }

        /** A refusal that is not reused: the next presentation of the token is checked again. */
        public Refused(Challenge challenge) {
            this(challenge, null);
        }
    }
}
