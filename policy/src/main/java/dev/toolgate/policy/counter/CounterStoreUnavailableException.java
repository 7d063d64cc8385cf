package dev.toolgate.policy.counter;

import java.util.concurrent.CompletionException;

/**
 * A remote counter store could not answer (down, unreachable, too slow) and no fallback took its place. The engine
 * turns it into a fixed denial ({@link dev.toolgate.policy.PolicyEngine#STORE_UNAVAILABLE_RULE}): a limit that cannot
 * be checked is not open. The message is for the log and the audit line, never for the agent.
 */
public final class CounterStoreUnavailableException extends RuntimeException {
    public CounterStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What failed in a completion stage, unwrapped from its {@link CompletionException}. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The failure as this exception: itself when it already is one, else wrapped with {@code context}. */
    public static CounterStoreUnavailableException of(String context, Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof CounterStoreUnavailableException unavailable ? unavailable
                : new CounterStoreUnavailableException(context + ": " + cause, cause);
    }
}
