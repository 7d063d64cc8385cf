package dev.toolgate.policy;

/**
 * Counter increments taken at decision time. The proxy commits them when the upstream answers with a
 * result and rolls them back when the upstream fails, so failed calls do not use up a limit.
 * Both methods are idempotent and only the first of the two has an effect.
 */
public interface Reservation {
    void commit();

    void rollback();

    /** For decisions that reserved nothing. */
    Reservation NONE = new Reservation() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };
}
