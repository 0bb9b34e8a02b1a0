package org.jevse.ocpp.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One OCPP-J message: [2, id, action, payload], [3, id, payload] or [4, id, code, description, details]. */
public sealed interface Frame {
    int CALL = 2;
    int CALLRESULT = 3;
    int CALLERROR = 4;
    /** OCPP-J 1.6 §4.1.4: a message id is at most 36 characters. */
    int MAX_ID_LENGTH = 36;

    String id();

    /** A message id as OCPP-J allows it: 1 to {@link #MAX_ID_LENGTH} characters. */
    static boolean validId(String id) {
        return !id.isEmpty() && id.length() <= MAX_ID_LENGTH;
    }

    record Call(String id, String action, JsonNode payload) implements Frame {
    }

    record CallResult(String id, JsonNode payload) implements Frame {
    }

    record CallError(String id, RpcErrorCode code, String description, JsonNode details) implements Frame {
    }

    /** A frame that could not be read; {@code id} is null when not even the message id could be read. */
    final class Malformed extends Exception {
        private final String id;
        private final RpcErrorCode code;

        Malformed(String id, RpcErrorCode code, String message) {
            super(message);
            this.id = id;
            this.code = code;
        }

        public String id() {
            return id;
        }

        public RpcErrorCode code() {
            return code;
        }
    }

    /**
     * Decodes a text frame; the payload itself is checked later, against its action's schema.
     *
     * <p>A frame that starts {@code [2, "id"} (an id of 1 to 36 characters) is a CALL: whatever is wrong after
     * that (bad JSON, a duplicate key, a wrong element count) is a FormationViolation answered with that id. A
     * broken CALLRESULT or CALLERROR is never answered, and a frame of any other message type is ignored (OCPP-J
     * 1.6 §4.1.3); for both the Malformed's id is null.
     */
    static Frame decode(String text) throws Malformed {
        if (text == null || text.length() > OcppJson.MAX_FRAME_CHARS) {
            throw new Malformed(null, RpcErrorCode.FormationViolation, "frame too long");
        }
        JsonNode n;
        try {
            n = OcppJson.readTree(text);
        } catch (RpcException e) {
            throw new Malformed(OcppJson.callId(text), e.code(), e.getMessage());
        }
        if (n == null || !n.isArray() || n.size() < 2) {
            throw new Malformed(null, RpcErrorCode.FormationViolation, "not an OCPP-J message array");
        }
        JsonNode type = n.get(0);
        JsonNode idNode = n.get(1);
        if (!idNode.isTextual() || !validId(idNode.asText())) {
            throw new Malformed(null, RpcErrorCode.FormationViolation, "bad message id");
        }
        String id = idNode.asText();
        int t = type.isInt() ? type.asInt() : -1;
        switch (t) {
            case CALL:
                if (n.size() != 4 || !n.get(2).isTextual()) {
                    throw new Malformed(id, RpcErrorCode.FormationViolation, "a CALL is [2, id, action, payload]");
                }
                return new Call(id, n.get(2).asText(), n.get(3));
            case CALLRESULT:
                if (n.size() != 3) {
                    throw new Malformed(null, RpcErrorCode.FormationViolation, "a CALLRESULT is [3, id, payload]");
                }
                return new CallResult(id, n.get(2));
            case CALLERROR:
                if (n.size() < 4 || n.size() > 5 || !n.get(2).isTextual()) {
                    throw new Malformed(null, RpcErrorCode.FormationViolation, "a CALLERROR is [4, id, code, description, details]");
                }
                return new CallError(id, RpcErrorCode.fromWire(n.get(2).asText()),
                        n.get(3).isTextual() ? n.get(3).asText() : n.get(3).toString(),
                        n.size() == 5 ? n.get(4) : JsonNodeFactory.instance.objectNode());
            default:
                throw new Malformed(null, RpcErrorCode.FormationViolation, "unknown message type "
                        + (type.toString().length() <= 20 ? type.toString() : "(long)"));
        }
    }

    static String encode(Frame f) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        if (f instanceof Call c) {
            a.add(CALL).add(c.id()).add(c.action()).add(c.payload());
        } else if (f instanceof CallResult r) {
            a.add(CALLRESULT).add(r.id()).add(r.payload());
        } else if (f instanceof CallError e) {
            ObjectNode details = e.details() != null && e.details().isObject() ? (ObjectNode) e.details()
                    : JsonNodeFactory.instance.objectNode();
            a.add(CALLERROR).add(e.id()).add(e.code().wire()).add(e.description() == null ? "" : e.description())
                    .add(details);
        }
        return a.toString();
    }
}
