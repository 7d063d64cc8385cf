package dev.toolgate.proxy.transport;

import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Admits an accepted connection under the {@link ConnectionLimits}, or refuses it at once: a fixed 503 is written
 * and the connection closed without reading anything, so a refused client costs one write and serves no request.
 */
public final class ConnectionGate {
    private final ConnectionLimits limits;

    public ConnectionGate(ConnectionLimits limits) {
        this.limits = limits;
    }

    /** True when {@code channel} may be served; its closing releases its place. False: it is being refused. */
    public boolean admit(Channel channel) {
        InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        if (!limits.admit(address)) {
            channel.writeAndFlush(Replies.raw(503, "Service Unavailable", JsonRpcErrors.INVALID_REQUEST,
                    "Service Unavailable: too many connections")).addListener(ChannelFutureListener.CLOSE);
            return false;
        }
        channel.closeFuture().addListener(closed -> limits.release(address));
        return true;
    }
}
