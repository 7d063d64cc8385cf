package dev.toolgate.policy.counter;

/**
 * A remote counter store could not answer (down, unreachable, too slow) and no fallback took its place. The engine
 * turns it into a fixed denial ({@link dev.toolgate.policy.PolicyEngine#STORE_UNAVAILABLE_RULE}): a limit that cannot
 * be checked is not open. The message is for the log and the audit line, never for the agent.
 */
public final class CounterStoreUnavailableException extends RuntimeException {
    public CounterStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
