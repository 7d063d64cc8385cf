package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The leak check sees a buffer dropped without release (and takes it, so this class does not fail for it). */
class NettyLeakCheckTest {
    @Test
    void aBufferDroppedWithoutReleaseIsFound() {
        NettyLeakCheck.collect(); // whatever earlier classes left is theirs
        dropUnreleased();

        List<String> found = new ArrayList<>();
        await().until(() -> found.addAll(NettyLeakCheck.collect()));
        assertThat(found).singleElement().asString().contains("ByteBuf", "dropUnreleased");
    }

    private static void dropUnreleased() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeCharSequence("never released", StandardCharsets.US_ASCII);
    }
}
