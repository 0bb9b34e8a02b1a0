package org.jevse.ocpp.cp;

import java.util.function.Consumer;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.session.Call;
import org.jevse.ocpp.session.Outbox;
import org.jevse.ocpp.v16.AuthorizeRequest;
import org.jevse.ocpp.v16.AuthorizeResponse;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;

/**
 * Authorize.req (OCPP 1.6 §4.1): asks the CSMS whether an idTag may charge, only while it can be asked; the offline
 * rules are the caller's ({@link LocalAuthorization}).
 */
final class AuthorizeCall {
    private final Scheduler sched;
    private final Outbox outbox;
    private final BootService boot;

    AuthorizeCall(Scheduler sched, Outbox outbox, BootService boot) {
        this.sched = sched;
        this.outbox = outbox;
        this.boot = boot;
    }

    /**
     * {@code result} gets the idTagInfo, or null when the CSMS could not be asked (offline, not accepted, no answer).
     * An idTag the schema refuses (over 20 characters) is Invalid without asking. Any thread; {@code result} runs on
     * the client thread.
     */
    void ask(String idTag, Consumer<IdTagInfo> result) {
        AuthorizeRequest req;
        try {
            req = new AuthorizeRequest(idTag);
        } catch (IllegalArgumentException e) {
            result.accept(new IdTagInfo(null, null, AuthorizeStatus.Invalid));
            return;
        }
        sched.submit(() -> {
            if (!boot.online()) {
                result.accept(null);
                return;
            }
            outbox.enqueue(new Call("Authorize", Call.Kind.NORMAL, OcppJson.toTree(req), p -> {
                try {
                    result.accept(OcppJson.parse(p, AuthorizeResponse.class).idTagInfo());
                } catch (RpcException e) {
                    result.accept(null);
                }
            }, e -> result.accept(null)));
        });
    }
}
