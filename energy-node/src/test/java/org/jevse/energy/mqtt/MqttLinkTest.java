package org.jevse.energy.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Topic filters match as the broker matches them (no broker needed). */
class MqttLinkTest {
    @Test
    void topicFiltersMatchLikeTheBroker() {
        assertTrue(TopicRouter.matches("a/+/status", "a/cp1/status"));
        assertTrue(TopicRouter.matches("a/#", "a/b/c"));
        assertFalse(TopicRouter.matches("a/+/status", "a/cp1/allocation"));
        assertFalse(TopicRouter.matches("a/+", "a/b/c"));
        assertFalse(TopicRouter.matches("a/b/c", "a/b"));
    }
}
