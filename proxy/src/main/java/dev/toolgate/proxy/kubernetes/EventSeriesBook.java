package dev.toolgate.proxy.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The event worker's memory: one entry per (reason, tool, identity, rule), counting occurrences, remembering the
 * Event written for it and whether the API server has seen the latest count. Entries waiting for a write are kept
 * in arrival order so a noisy series cannot starve the others. Bounded: a new series that finds the book full of
 * unwritten ones is refused (and counted as dropped by the caller). Used by the worker thread only.
 */
final class EventSeriesBook {

    /** One event series. Mutable, confined to the worker thread. */
    static final class Series {
        final SeriesKey key;
        final Denial first;
        Denial last;
        int count;
        int writtenCount;
        String eventName;
        boolean waiting;

        Series(Denial first) {
            this.key = first.key();
            this.first = first;
            this.last = first;
        }

        /** The API server has not seen every occurrence yet. */
        boolean dirty() {
            return count != writtenCount;
        }
    }

    private final int capacity;
    private final Duration idleAfter;
    private final Map<SeriesKey, Series> series = new HashMap<>();
    private final ArrayDeque<Series> waiting = new ArrayDeque<>();

    /**
     * @param capacity  how many series are remembered at most
     * @param idleAfter a series not seen for this long is forgotten; the next occurrence starts a new Event
     */
    EventSeriesBook(int capacity, Duration idleAfter) {
        this.capacity = capacity;
        this.idleAfter = idleAfter;
    }

    /** Counts one occurrence; false when it starts a new series and there is no room for it. */
    boolean observe(Denial denial) {
        Series entry = series.get(denial.key());
        if (entry != null && Duration.between(entry.last.time(), denial.time()).compareTo(idleAfter) > 0 && !entry.waiting) {
            series.remove(denial.key());
            entry = null;
        }
        if (entry == null) {
            if (series.size() >= capacity && !evictOneWritten()) {
                return false;
            }
            entry = new Series(denial);
            series.put(denial.key(), entry);
        } else {
            entry.last = denial;
        }
        entry.count++;
        if (!entry.waiting) {
            entry.waiting = true;
            waiting.addLast(entry);
        }
        return true;
    }

    /** The series that has waited longest for a write. */
    Optional<Series> nextToWrite() {
        Series next = waiting.pollFirst();
        if (next != null) {
            next.waiting = false;
        }
        return Optional.ofNullable(next);
    }

    /** Puts a series back at the end of the line, e.g. when its Event vanished and must be created again. */
    void retry(Series entry) {
        if (!entry.waiting) {
            entry.waiting = true;
            waiting.addLast(entry);
        }
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Forgets written series not seen since {@code now - idleAfter}. */
    void forgetIdle(Instant now) {
        Instant cutoff = now.minus(idleAfter);
        series.values().removeIf(entry -> !entry.waiting && entry.last.time().isBefore(cutoff));
    }

    int size() {
        return series.size();
    }

    private boolean evictOneWritten() {
        return series.values().stream().filter(entry -> !entry.waiting)
                .min(Comparator.comparing(entry -> entry.last.time()))
                .map(entry -> series.remove(entry.key) != null)
                .orElse(false);
    }
}
