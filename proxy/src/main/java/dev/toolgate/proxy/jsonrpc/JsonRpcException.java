package dev.toolgate.proxy.jsonrpc;

/** A message the proxy refuses before anything is forwarded, with its JSON-RPC error code and HTTP status. */
public class JsonRpcException extends Exception {
    private final int code;
    private final int httpStatus;

    public JsonRpcException(int code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
