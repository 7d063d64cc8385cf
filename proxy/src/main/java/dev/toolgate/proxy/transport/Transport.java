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

/** Netty's socket transport: Linux's native epoll where Netty ships it (x86_64), Java NIO elsewhere. */
public enum Transport {
    EPOLL {
        @Override
        public EventLoopGroup group(int threads, String name) {
            return new EpollEventLoopGroup(threads, new DefaultThreadFactory(name, true));
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Class<? extends Channel> socketChannel() {
            return EpollSocketChannel.class;
        }
    },
    NIO {
        @Override
        public EventLoopGroup group(int threads, String name) {
            return new NioEventLoopGroup(threads, new DefaultThreadFactory(name, true));
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Class<? extends Channel> socketChannel() {
            return NioSocketChannel.class;
        }
    };

    /** Epoll when its native library loads here, else NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** {@code threads} event loops on daemon threads named after {@code name}. */
    public abstract EventLoopGroup group(int threads, String name);

    public abstract Class<? extends ServerChannel> serverChannel();

    public abstract Class<? extends Channel> socketChannel();

    /** "epoll" or "nio", as the proxy reports it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
