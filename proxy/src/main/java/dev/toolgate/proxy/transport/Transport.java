package dev.toolgate.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiFunction;

/** Netty's socket transport: Linux's native epoll where Netty ships it (x86_64), Java NIO elsewhere. */
public enum Transport {
    EPOLL(EpollEventLoopGroup::new, EpollServerSocketChannel.class, EpollSocketChannel.class),
    NIO(NioEventLoopGroup::new, NioServerSocketChannel.class, NioSocketChannel.class);

    private final BiFunction<Integer, ThreadFactory, EventLoopGroup> groups;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends Channel> socketChannel;

    Transport(BiFunction<Integer, ThreadFactory, EventLoopGroup> groups, Class<? extends ServerChannel> serverChannel,
              Class<? extends Channel> socketChannel) {
        this.groups = groups;
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
    }

    /** Epoll when its native library loads here, else NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** {@code threads} event loops on daemon threads named after {@code name}. */
    public EventLoopGroup group(int threads, String name) {
        return groups.apply(threads, new DefaultThreadFactory(name, true));
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends Channel> socketChannel() {
        return socketChannel;
    }

    /** "epoll" or "nio", as the proxy reports it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
