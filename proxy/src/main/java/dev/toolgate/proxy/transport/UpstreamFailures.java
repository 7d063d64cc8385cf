package dev.toolgate.proxy.transport;

import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * What a client is told when an exchange with the upstream failed: one fixed text per kind of failure. Exception
 * messages name library classes and internal addresses, so they go to the log only.
 */
public final class UpstreamFailures {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {
    }

    public static String describe(Throwable failure) {
        LOG.warn("upstream exchange failed: {}", failure.toString());
        LOG.debug("upstream failure", failure);
        if (failure instanceof UnreadableResponse) {
            return failure.getMessage();
        }
        if (failure instanceof ConnectTimeoutException) {
            return "connection timed out";
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof UnknownHostException) {
            return "host not found";
        }
        return "the connection failed before the answer was complete";
    }
}
