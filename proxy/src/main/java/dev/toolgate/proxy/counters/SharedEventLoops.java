package dev.toolgate.proxy.counters;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.util.concurrent.TimeUnit;

/**
 * Gives Lettuce the proxy's own event loops instead of a pool of its own: a Redis connection is one more channel
 * on them, and no thread waits for Redis. {@link RedisLane} gives one loop (a loop is a group of one), so its
 * connection registers there, and again there after a reconnect. The proxy owns the loops, so Lettuce's release and shutdown leave them be.
 * Lettuce picks its channel class the way the proxy does (native epoll when it loads, else NIO), so both match.
 */
final class SharedEventLoops implements EventLoopGroupProvider {
    private final EventLoopGroup loops;
    private final int size;

    SharedEventLoops(EventLoopGroup loops) {
        this.loops = loops;
        int count = 0;
        for (var ignored : loops) {
            count++;
        }
        this.size = count;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return (T) loops;
    }

    @Override
    public int threadPoolSize() {
        return size;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
