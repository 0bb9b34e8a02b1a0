package org.jevse.ocpp.store;

/**
 * For the process-level kill test only (hil-tests KillInTheAnswerWindowProcessTest): a pause before and after
 * the record of a CSMS answer, so that a kill -9 of the real jevse process can be placed inside the window between
 * an answer and its persistence. 0, the default, in every real run.
 */
final class AnswerWindow {
    private static final long PAUSE_MS = Long.getLong("jevse.test.ocpp.answerStepPauseMs", 0);

    private AnswerWindow() {
    }

    static void pause() {
        if (PAUSE_MS > 0) {
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
