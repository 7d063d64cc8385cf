package dev.toolgate.proxy.kubernetes;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventSeriesBookTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private static Denial denial(String tool, String identity, Instant time) {
        return new Denial(new SeriesKey(DenialReason.TOOL_CALL_DENIED, tool, identity, "tp/rule"), "g", "no", time);
    }

    @Test
    void repeatsOfOneKeyAreOneSeriesWaitingOnce() {
        EventSeriesBook book = new EventSeriesBook(10, Duration.ofMinutes(6));
        book.observe(denial("run", "alice", T0));
        book.observe(denial("run", "alice", T0.plusSeconds(1)));
        book.observe(denial("run", "alice", T0.plusSeconds(2)));

        EventSeriesBook.Series series = book.nextToWrite().orElseThrow();
        assertThat(series.count).isEqualTo(3);
        assertThat(series.first.time()).isEqualTo(T0);
        assertThat(series.last.time()).isEqualTo(T0.plusSeconds(2));
        assertThat(book.hasWaiting()).isFalse();
    }

    @Test
    void differentIdentitiesAreDifferentSeriesWrittenInArrivalOrder() {
        EventSeriesBook book = new EventSeriesBook(10, Duration.ofMinutes(6));
        book.observe(denial("run", "alice", T0));
        book.observe(denial("run", "bob", T0));
        book.observe(denial("run", "alice", T0));

        assertThat(book.nextToWrite().orElseThrow().key.identity()).isEqualTo("alice");
        assertThat(book.nextToWrite().orElseThrow().key.identity()).isEqualTo("bob");
        assertThat(book.nextToWrite()).isEmpty();
    }

    @Test
    void aFullBookOfUnwrittenSeriesRefusesANewOneButEvictsWrittenOnes() {
        EventSeriesBook book = new EventSeriesBook(2, Duration.ofMinutes(6));
        assertThat(book.observe(denial("a", "x", T0))).isTrue();
        assertThat(book.observe(denial("b", "x", T0))).isTrue();
        assertThat(book.observe(denial("c", "x", T0))).isFalse();
        assertThat(book.observe(denial("a", "x", T0))).as("a known series still counts").isTrue();

        EventSeriesBook.Series written = book.nextToWrite().orElseThrow();
        written.writtenCount = written.count;
        assertThat(book.observe(denial("c", "x", T0))).isTrue();
        assertThat(book.size()).isEqualTo(2);
    }

    @Test
    void aSeriesQuietForTheIdleTimeStartsAgain() {
        EventSeriesBook book = new EventSeriesBook(10, Duration.ofMinutes(6));
        book.observe(denial("run", "alice", T0));
        EventSeriesBook.Series first = book.nextToWrite().orElseThrow();
        first.eventName = "ev1";
        first.writtenCount = first.count;

        book.observe(denial("run", "alice", T0.plus(Duration.ofMinutes(7))));

        EventSeriesBook.Series next = book.nextToWrite().orElseThrow();
        assertThat(next).isNotSameAs(first);
        assertThat(next.eventName).isNull();
        assertThat(next.count).isEqualTo(1);
    }

    @Test
    void forgetsOnlyWrittenIdleSeries() {
        EventSeriesBook book = new EventSeriesBook(10, Duration.ofMinutes(6));
        book.observe(denial("a", "x", T0));
        book.observe(denial("b", "x", T0));
        EventSeriesBook.Series a = book.nextToWrite().orElseThrow();
        a.writtenCount = a.count;

        book.forgetIdle(T0.plus(Duration.ofMinutes(7)));

        assertThat(book.size()).isEqualTo(1);
        assertThat(book.nextToWrite().orElseThrow().key.tool()).isEqualTo("b");
    }
}
