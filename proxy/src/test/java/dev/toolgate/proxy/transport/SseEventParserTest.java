package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventParserTest {
    @Test
    void cutsEventsAtBlankLinesWhateverTheChunking() {
        String stream = "id: 1\nevent: message\ndata: {\"a\":1}\n\n: comment\n\nid: 2\r\ndata: {\"b\":\r\ndata: 2}\r\n\r\n";
        for (int chunk = 1; chunk <= stream.length(); chunk++) {
            SseEventParser parser = new SseEventParser();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < stream.length(); i += chunk) {
                parser.feed(buffer(stream.substring(i, Math.min(stream.length(), i + chunk)))).forEach(e -> events.add(e.toString(StandardCharsets.UTF_8)));
            }
            assertThat(events).as("chunks of %d", chunk).containsExactly(
                    "id: 1\nevent: message\ndata: {\"a\":1}\n\n", ": comment\n\n", "id: 2\r\ndata: {\"b\":\r\ndata: 2}\r\n\r\n");
            assertThat(parser.atBoundary()).isTrue();
        }
    }

    @Test
    void readsAChunkFromItsReaderIndexAndLeavesItAsItWas() {
        SseEventParser parser = new SseEventParser();
        ByteBuf chunk = buffer("xx data: 1\n\ndata: 2");
        chunk.readerIndex(3);
        List<ByteBuf> events = parser.feed(chunk);

        assertThat(events).singleElement().extracting(e -> e.toString(StandardCharsets.UTF_8)).isEqualTo("data: 1\n\n");
        assertThat(chunk.readerIndex()).isEqualTo(3);
        assertThat(parser.feed(buffer("\n\n"))).singleElement().extracting(e -> e.toString(StandardCharsets.UTF_8))
                .isEqualTo("data: 2\n\n");
    }

    @Test
    void holdsAnIncompleteEvent() {
        SseEventParser parser = new SseEventParser();
        assertThat(parser.feed(buffer("data: {\"a\":"))).isEmpty();
        assertThat(parser.atBoundary()).isFalse();
        assertThat(parser.remainder().toString(StandardCharsets.UTF_8)).isEqualTo("data: {\"a\":");
    }

    @Test
    void multiByteCharactersSplitAcrossChunksSurvive() {
        byte[] bytes = "data: \"wörkflow\"\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SseEventParser parser = new SseEventParser();
        assertThat(parser.feed(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(bytes, 0, 9)))).isEmpty();
        List<ByteBuf> events = parser.feed(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(bytes, 9, bytes.length)));
        assertThat(SseEvents.data(events.get(0))).isEqualTo("\"wörkflow\"");
    }

    @Test
    void dataIsJoinedAndReplacedKeepingTheOtherFields() {
        ByteBuf event = buffer("id: 7\nevent: message\ndata: {\"a\":\ndata:1}\nretry: 10\n\n");
        assertThat(SseEvents.data(event)).isEqualTo("{\"a\":\n1}");
        assertThat(SseEvents.withData(event, "{\"a\":2}").toString(StandardCharsets.UTF_8)).isEqualTo("id: 7\nevent: message\ndata: {\"a\":2}\nretry: 10\n\n");
        assertThat(SseEvents.data(buffer(": keep-alive\n\n"))).isNull();
    }

    @Test
    void dataFieldsFollowTheSseRulesForSpacesEmptyValuesAndLineEnds() {
        assertThat(SseEvents.data(buffer("data\n\n"))).isEmpty();
        assertThat(SseEvents.data(buffer("data:\r\ndata:  two\r\n\r\n"))).isEqualTo("\n two");
        assertThat(SseEvents.data(buffer("datum: no\ndata:yes\n\n"))).isEqualTo("yes");
        assertThat(SseEvents.data(buffer("event: message\ndata: {}"))).isEqualTo("{}");
        assertThat(SseEvents.data(buffer("event: message\n\n"))).isNull();
    }

    private static ByteBuf buffer(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
