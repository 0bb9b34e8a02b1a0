#!/usr/bin/env node
// A small OCPP 1.6J CSMS for the jevse tests, on ocpp-rpc in strict mode: every CALL the charge point sends and
// every CALLRESULT it returns is validated against the OCA schemas bundled with ocpp-rpc; a violation is
// reported as an {"ev":"invalid"} line (and answered with a CALLERROR by ocpp-rpc), which fails the Java test.
//
// Usage: node csms.js [PORT] [--password PW] [--no-protocol] [--tls CERT KEY [--client-ca CA]]
//   --tls: wss with this PEM certificate and key (security profiles 2 and 3); --client-ca: require a client
//   certificate signed by CA (profile 3) and report its subject CN and serial number (hex) in the connect event.
// stdout: one JSON object per line: listening, connect, close, call (every CALL received), answer (what we return to
// it, with its messageId, as it is handed to the socket), result / error (answers to CALLs we sent), invalid
// (strict-mode or framing failures), rejected (refused upgrades).
// stdin: one JSON command per line:
//   {"cmd":"respond","action":"BootNotification","responses":[{...},{...}]}  canned answers, used in order, the
//        last one repeats; a response {"$error":"InternalError"} answers with that CALLERROR instead; a
//        "$delayMs":N property holds the answer back N ms (an answer still in flight when the charge point closes)
//   {"cmd":"call","ref":"r1","action":"ChangeConfiguration","params":{...}}  CALL every connected charge point
//   {"cmd":"offline","value":true}   refuse new connections and drop the current ones (CSMS "unreachable")
//   {"cmd":"killAfterAnswer","ref":"k1","action":"StartTransaction","idTag":"T","pid":P,"afterUs":U}  once: when
//        the answer to that action's CALL with that idTag has been handed to the socket, SIGKILL process P U µs
//        later (a kill placed right after the answer left, from the process that sent it); reported as
//        {"ev":"killed","messageId":...,"afterUs":U,"sinceSentUs":...}
//   {"cmd":"quit"}
'use strict';
const { RPCServer, createRPCError } = require('ocpp-rpc');
const readline = require('readline');

const args = process.argv.slice(2);
const port = parseInt(args.find(a => /^\d+$/.test(a)) || '0', 10);
const pwIndex = args.indexOf('--password');
const password = pwIndex >= 0 ? args[pwIndex + 1] : null;
const noProtocol = args.includes('--no-protocol');
const tlsIndex = args.indexOf('--tls');
const clientCaIndex = args.indexOf('--client-ca');

const out = o => process.stdout.write(JSON.stringify(Object.assign({ t: Date.now() }, o)) + '\n');
const now = () => new Date().toISOString();

let offline = false;
/** The armed killAfterAnswer command, or null. */
let pendingKill = null;
let nextTransactionId = 1000;
const canned = {};
const clients = new Set();

function defaultResponse(action, params) {
    switch (action) {
        case 'BootNotification': return { status: 'Accepted', currentTime: now(), interval: 300 };
        case 'Heartbeat': return { currentTime: now() };
        case 'Authorize':
            return { idTagInfo: { status: String(params.idTag).startsWith('BAD') ? 'Invalid' : 'Accepted' } };
        case 'StartTransaction':
            return { transactionId: nextTransactionId++, idTagInfo: { status: 'Accepted' } };
        case 'StopTransaction': return { idTagInfo: { status: 'Accepted' } };
        case 'DataTransfer': return { status: 'Accepted' };
        case 'SignCertificate': return { status: 'Accepted' };
        default: return {};
    }
}

function responseFor(action, params) {
    const list = canned[action];
    let r;
    if (list && list.length > 0) {
        r = list.length > 1 ? list.shift() : list[0];
    } else {
        return defaultResponse(action, params);
    }
    if (r && r.$error) {
        throw createRPCError(r.$error, 'canned error', {});
    }
    r = JSON.parse(JSON.stringify(r));
    delete r.$delayMs;
    if (r && typeof r.currentTime === 'string' && r.currentTime === '$now') {
        r.currentTime = now();
    }
    if (action === 'StartTransaction' && r && r.transactionId === '$next') {
        r.transactionId = nextTransactionId++;
    }
    return r;
}

const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true, callTimeoutMs: 10000 });

server.auth((accept, reject, handshake) => {
    if (offline) {
        out({ ev: 'rejected', identity: handshake.identity, why: 'offline' });
        reject(503, 'offline');
        return;
    }
    if (password !== null) {
        const got = handshake.password ? handshake.password.toString('utf8') : null;
        if (got !== password) {
            out({ ev: 'rejected', identity: handshake.identity, why: 'password' });
            reject(401, 'bad password');
            return;
        }
    }
    let clientCn = null;
    let clientSerial = null;
    if (clientCaIndex >= 0) {
        const sock = handshake.request.socket;
        const peer = sock.getPeerCertificate ? sock.getPeerCertificate() : null;
        if (!sock.authorized || !peer || !peer.subject) {
            out({ ev: 'rejected', identity: handshake.identity, why: 'client-certificate' });
            reject(401, 'client certificate required');
            return;
        }
        clientCn = peer.subject.CN;
        clientSerial = peer.serialNumber;
    }
    accept({ identity: handshake.identity, clientCn, clientSerial }, noProtocol ? false : undefined);
});

server.on('upgradeAborted', e => out({ ev: 'rejected', why: String(e.error && e.error.message) }));

server.on('client', client => {
    clients.add(client);
    out({ ev: 'connect', identity: client.identity, protocol: client.protocol,
        clientCn: client.session && client.session.clientCn,
        clientSerial: client.session && client.session.clientSerial });
    client.on('close', ({ code }) => {
        clients.delete(client);
        out({ ev: 'close', identity: client.identity, code });
    });
    client.on('strictValidationFailure', e => out({
        ev: 'invalid', identity: client.identity, method: e.method, outbound: e.outbound, isCall: e.isCall,
        error: String(e.error && e.error.message), params: e.params, result: e.result,
    }));
    client.on('badMessage', e => out({ ev: 'invalid', identity: client.identity, bad: String(e.buffer),
        error: String(e.error && e.error.message) }));
    client.handle(({ method, params, messageId }) => {
        out({ ev: 'call', identity: client.identity, action: method, params, messageId });
        const list = canned[method];
        const delayMs = list && list.length > 0 && list[0] && list[0].$delayMs ? list[0].$delayMs : 0;
        const result = responseFor(method, params);
        const answer = () => {
            out({ ev: 'answer', identity: client.identity, action: method, messageId, result });
            armedKill(method, params, messageId);
            return result;
        };
        return delayMs > 0 ? new Promise(resolve => setTimeout(() => resolve(answer()), delayMs)) : answer();
    });
});

/** The one-shot kill of a killAfterAnswer command, fired after this answer is sent (setImmediate: ocpp-rpc sends
 * the CALLRESULT in the microtasks that follow the handler's return, before any immediate runs). */
function armedKill(method, params, messageId) {
    const k = pendingKill;
    if (!k || k.action !== method || !params || params.idTag !== k.idTag) {
        return;
    }
    pendingKill = null;
    setImmediate(() => {
        const sentAt = process.hrtime.bigint();
        const due = sentAt + BigInt(k.afterUs) * 1000n;
        while (process.hrtime.bigint() < due) {
            // a busy wait: timers are too coarse for a window of a few milliseconds
        }
        const sinceSentUs = Number((process.hrtime.bigint() - sentAt) / 1000n);
        try {
            process.kill(k.pid, 'SIGKILL');
            out({ ev: 'killed', ref: k.ref, pid: k.pid, messageId, afterUs: k.afterUs, sinceSentUs });
        } catch (e) {
            out({ ev: 'killed', ref: k.ref, pid: k.pid, messageId, error: String(e.message) });
        }
    });
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async line => {
    let c;
    try {
        c = JSON.parse(line);
    } catch (e) {
        out({ ev: 'invalid-command', line });
        return;
    }
    if (c.cmd === 'respond') {
        canned[c.action] = c.responses.slice();
        out({ ev: 'ok', ref: c.ref });
    } else if (c.cmd === 'killAfterAnswer') {
        pendingKill = { ref: c.ref, action: c.action, idTag: c.idTag, pid: c.pid, afterUs: c.afterUs || 0 };
        out({ ev: 'ok', ref: c.ref });
    } else if (c.cmd === 'offline') {
        offline = !!c.value;
        if (offline) {
            for (const cl of clients) {
                cl.close({ code: 1001, force: true }).catch(() => {});
            }
        }
        out({ ev: 'ok', ref: c.ref });
    } else if (c.cmd === 'call') {
        const targets = [...clients];
        if (targets.length === 0) {
            out({ ev: 'error', ref: c.ref, error: { code: 'NotConnected', message: 'no charge point connected' } });
            return;
        }
        for (const cl of targets) {
            try {
                const result = await cl.call(c.action, c.params);
                out({ ev: 'result', ref: c.ref, action: c.action, result });
            } catch (e) {
                out({ ev: 'error', ref: c.ref, action: c.action, error: { code: e.rpcErrorCode || e.name, message: e.message } });
            }
        }
    } else if (c.cmd === 'quit') {
        await server.close({ force: true });
        process.exit(0);
    }
});
rl.on('close', async () => {
    await server.close({ force: true }).catch(() => {});
    process.exit(0);
});

if (tlsIndex >= 0) {
    const fs = require('fs');
    const https = require('https');
    const opts = {
        cert: fs.readFileSync(args[tlsIndex + 1], 'utf8'),
        key: fs.readFileSync(args[tlsIndex + 2], 'utf8'),
        minVersion: 'TLSv1.2',
    };
    if (clientCaIndex >= 0) {
        opts.ca = fs.readFileSync(args[clientCaIndex + 1], 'utf8');
        opts.requestCert = true;
        opts.rejectUnauthorized = false; // decided in auth(), so the refusal is reported
    }
    const httpsServer = https.createServer(opts);
    httpsServer.on('upgrade', server.handleUpgrade);
    httpsServer.listen(port, '127.0.0.1', () => out({ ev: 'listening', port: httpsServer.address().port }));
} else {
    server.listen(port, '127.0.0.1').then(http => {
        out({ ev: 'listening', port: http.address().port });
    });
}
