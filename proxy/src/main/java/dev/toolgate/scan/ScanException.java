package dev.toolgate.scan;

/** Why a scan could not list a server's tools, in words for the person running it. */
public final class ScanException extends Exception {
    public ScanException(String message) {
        super(message);
    }

    public ScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
