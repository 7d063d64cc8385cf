package dev.toolgate.policy.eval;

import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.Ticket;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** The counters an allowed call reserved; the first of commit/rollback wins, later calls do nothing. */
final class TicketReservation implements Reservation {
    private static final AtomicIntegerFieldUpdater<TicketReservation> DONE =
            AtomicIntegerFieldUpdater.newUpdater(TicketReservation.class, "done");

    private final CounterStore store;
    private final Ticket[] tickets;
    private volatile int done;

    TicketReservation(CounterStore store, Ticket[] tickets) {
        this.store = store;
        this.tickets = tickets;
    }

    @Override
    public void commit() {
        if (DONE.compareAndSet(this, 0, 1)) {
            store.commitAll(tickets);
        }
    }

    @Override
    public void rollback() {
        if (DONE.compareAndSet(this, 0, 1)) {
            store.rollbackAll(tickets);
        }
    }

    @Override
    public String toString() {
        return "Reservation" + java.util.Arrays.toString(tickets);
    }
}
