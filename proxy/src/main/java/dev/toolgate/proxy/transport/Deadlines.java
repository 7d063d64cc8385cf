package dev.toolgate.proxy.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of one event loop's exchanges (a request body that must arrive, upstream response headers that must
 * come, the upstream's end of a stream whose answers are all relayed), checked by one periodic sweep instead of a timer
 * each. Nearly every exchange ends long before its timeout, so arming and disarming is all that runs per call: linking
 * into a list and unlinking, where a timer of its own costs a scheduled task in the event loop's queue and its
 * cancellation. A deadline fires at most one sweep period late. Create and use it on the event loop it belongs to.
 */
public final class Deadlines implements AutoCloseable {
    /**
     * The armed deadlines in arming order, linked through themselves in a ring around this sentinel: arming and
     * cancelling touch no hash table, and neither has an end of the list to treat apart.
     */
    private final Deadline ring = new Deadline(0, null);
    private int count;
    private final ScheduledFuture<?> sweeper;

    /** @param shortest the shortest timeout that will be armed: the sweep runs ten times within it, at most once a second */
    public Deadlines(EventExecutor loop, Duration shortest) {
        long period = Math.max(10, Math.min(1_000, shortest.toMillis() / 10));
        this.sweeper = loop.scheduleAtFixedRate(() -> sweep(System.nanoTime()), period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code onExpiry} on this event loop once {@code timeout} has passed, unless cancelled first. */
    public Deadline arm(Duration timeout, Runnable onExpiry) {
        Deadline deadline = new Deadline(System.nanoTime() + timeout.toNanos(), onExpiry);
        deadline.previous = ring.previous;
        deadline.next = ring;
        ring.previous.next = deadline;
        ring.previous = deadline;
        deadline.armed = true;
        count++;
        return deadline;
    }

    /** Fires every deadline due at {@code nowNanos}, in arming order; an action may arm others, or cancel them before they fire. */
    void sweep(long nowNanos) {
        List<Deadline> due = null;
        for (Deadline deadline = ring.next; deadline != ring; deadline = deadline.next) {
            if (nowNanos - deadline.at >= 0) {
                (due == null ? due = new ArrayList<>() : due).add(deadline);
            }
        }
        if (due == null) {
            return;
        }
        for (Deadline deadline : due) {
            if (deadline.armed) {
                deadline.cancel();
                deadline.onExpiry.run();
            }
        }
    }

    int armedCount() {
        return count;
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        while (ring.next != ring) {
            ring.next.cancel();
        }
    }

    /** One armed timeout. */
    public final class Deadline {
        private final long at;
        private final Runnable onExpiry;
        private Deadline previous;
        private Deadline next;
        private boolean armed;

        private Deadline(long at, Runnable onExpiry) {
            this.at = at;
            this.onExpiry = onExpiry;
            this.previous = this; // alone, as the ring's sentinel is: a deadline is linked in when armed
            this.next = this;
        }

        /** Disarms it; nothing happens if it already fired or was cancelled. */
        public void cancel() {
            if (!armed) {
                return;
            }
            armed = false;
            count--;
            previous.next = next;
            next.previous = previous;
            previous = null;
            next = null;
        }
    }
}
