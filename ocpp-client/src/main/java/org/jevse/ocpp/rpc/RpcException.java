package org.jevse.ocpp.rpc;

/** A failure that becomes (or came as) a CALLERROR. */
public final class RpcException extends Exception {
    private final RpcErrorCode code;

    public RpcException(RpcErrorCode code, String description) {
        super(description);
        this.code = code;
    }

    public RpcErrorCode code() {
        return code;
    }

    /** The description, cut to a length every CSMS accepts. */
    public String description() {
        String m = getMessage() == null ? "" : getMessage();
        return m.length() <= 255 ? m : m.substring(0, 252) + "...";
    }
}
