package dev.toolgate.proxy.exchange;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a client that names the SSE media type (and does not refuse it with q=0) may be answered with a stream. */
class AcceptHeaderTest {
    @Test
    void namesTheStream() {
        assertThat(AcceptHeader.acceptsEventStream("application/json, text/event-stream")).isTrue();
        assertThat(AcceptHeader.acceptsEventStream("Text/Event-Stream;q=0.5")).isTrue();
        assertThat(AcceptHeader.acceptsEventStream("application/json,text/event-stream ; charset=utf-8")).isTrue();
    }

    @Test
    void wildcardsAbsenceAndRefusalDoNot() {
        assertThat(AcceptHeader.acceptsEventStream(null)).isFalse();
        assertThat(AcceptHeader.acceptsEventStream("application/json")).isFalse();
        assertThat(AcceptHeader.acceptsEventStream("*/*")).isFalse();
        assertThat(AcceptHeader.acceptsEventStream("text/*")).isFalse();
        assertThat(AcceptHeader.acceptsEventStream("text/event-stream;q=0")).isFalse();
        assertThat(AcceptHeader.acceptsEventStream("text/event-stream; q=0.000")).isFalse();
        assertThat(AcceptHeader.acceptsEventStream("text/event-streamx")).isFalse();
    }

    @Test
    void readsABoundedNumberOfRanges() {
        String many = "a/b,".repeat(40) + "text/event-stream";
        assertThat(AcceptHeader.acceptsEventStream(many)).as("past the 32 ranges read").isFalse();
    }
}
