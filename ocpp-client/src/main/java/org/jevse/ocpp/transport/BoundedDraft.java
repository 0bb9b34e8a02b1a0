package org.jevse.ocpp.transport;

import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * RFC 6455 with the subprotocol {@code ocpp1.6} and one bound for a frame and for a whole message. Java-WebSocket
 * checks its maximum frame size against a frame's header before it allocates the payload, and against the first
 * and the last fragment of a fragmented message, but not against the fragments in between: without this class a
 * message of many small fragments grows without bound until its last one. Past the bound the connection is
 * closed with 1009 (RFC 6455 §7.4.1: a message too big to process).
 */
public final class BoundedDraft extends Draft_6455 {
    /** Bytes of the fragmented message being received so far; 0 between messages. */
    private long assembled;

    public BoundedDraft(String subprotocol, int maxMessageBytes) {
        super(List.of(), List.<IProtocol>of(new Protocol(subprotocol)), maxMessageBytes);
    }

    @Override
    public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
        Opcode op = frame.getOpcode();
        if (op == Opcode.TEXT || op == Opcode.BINARY) {
            assembled = frame.isFin() ? 0 : frame.getPayloadData().remaining();
        } else if (op == Opcode.CONTINUOUS) {
            assembled += frame.getPayloadData().remaining();
            if (assembled > getMaxFrameSize()) {
                assembled = 0;
                throw new LimitExceededException("message longer than " + getMaxFrameSize() + " bytes",
                        getMaxFrameSize());
            }
            if (frame.isFin()) {
                assembled = 0;
            }
        }
        super.processFrame(socket, frame);
    }

    @Override
    public Draft copyInstance() {
        return new BoundedDraft(getKnownProtocols().get(0).getProvidedProtocol(), getMaxFrameSize());
    }
}
