package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.openedxpok.openedx.WebhookCallLog.Refusal;
import com.openedxpok.testsupport.MutableClock;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class WebhookCallLogTest {

    private static final String PATH = "/openedx/webhooks/events";

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WebhookCallLog callLog = new WebhookCallLog(clock, meters);
    private final Logger logger = (Logger) LoggerFactory.getLogger(WebhookCallLog.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        callLog.close();
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void refuseToken(String source) {
        callLog.refused(Refusal.TOKEN, "wrong webhook token", "POST", PATH, source);
    }

    @Test
    void theFirstRefusalHasItsOwnLineAndAFloodBecomesOneLineAMinute() {
        refuseToken("203.0.113.1");
        assertThat(lines()).singleElement().asString()
                .isEqualTo("Refused POST /openedx/webhooks/events from 203.0.113.1: wrong webhook token "
                        + "(further refusals are summed up at most once a minute)");
        assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.WARN);

        // 1000 refusals over 59.9 s: not one more line.
        for (int i = 0; i < 1000; i++) {
            clock.advance(Duration.ofMillis(59));
            refuseToken("203.0.113." + (i % 200));
        }
        callLog.refused(Refusal.SOURCE, "source not in OPENEDX_ALLOWED_NETWORKS", "POST", PATH, "198.51.100.9");
        callLog.flush();
        assertThat(lines()).hasSize(1);

        clock.advance(Duration.ofMillis(1000));
        callLog.flush();
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1)).isEqualTo("Refused 1001 calls to /openedx/** in the last 60 s "
                + "(wrong or missing token: 1000, source not allowed: 1); last from 198.51.100.9");
        assertThat(appender.list.get(1).getLevel()).isEqualTo(Level.WARN);

        // Nothing new: nothing to say.
        clock.advance(Duration.ofMinutes(5));
        callLog.flush();
        assertThat(lines()).hasSize(2);
        assertThat(meters.counter("openedx_pok.webhook.refused", "reason", "token").count()).isEqualTo(1001);
        assertThat(meters.counter("openedx_pok.webhook.refused", "reason", "source").count()).isEqualTo(1);
    }

    @Test
    void aRefusalAfterAQuietMinuteHasItsOwnLineAgain() {
        refuseToken("203.0.113.1");
        clock.advance(Duration.ofSeconds(61));
        callLog.refused(Refusal.TOKEN, "missing webhook token", "GET", "/openedx/x", "203.0.113.2");
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1)).startsWith("Refused GET /openedx/x from 203.0.113.2: missing webhook token");
    }

    @Test
    void aSummaryIsWrittenByTheNextRefusalOnceTheMinuteIsOver() {
        refuseToken("203.0.113.1");
        clock.advance(Duration.ofSeconds(30));
        refuseToken("203.0.113.2");
        clock.advance(Duration.ofSeconds(40));
        refuseToken("203.0.113.3");
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1)).isEqualTo("Refused 2 calls to /openedx/** in the last 70 s "
                + "(wrong or missing token: 2); last from 203.0.113.3");
        // The next one within the minute waits for the next summary.
        clock.advance(Duration.ofSeconds(1));
        refuseToken("203.0.113.4");
        assertThat(lines()).hasSize(2);
        clock.advance(Duration.ofSeconds(59));
        callLog.flush();
        assertThat(lines().get(2)).isEqualTo("Refused 1 call to /openedx/** in the last 60 s "
                + "(wrong or missing token: 1); last from 203.0.113.4");
    }

    @Test
    void whatTheCallerSentCannotBreakTheLine() {
        callLog.refused(Refusal.TOKEN, "wrong webhook token", "POST", "/openedx/a\r\nFAKE LINE" + "x".repeat(500),
                "203.0.113.1");
        assertThat(lines()).singleElement().asString().doesNotContain("\n").doesNotContain("\r")
                .hasSizeLessThan(400);
    }

    @Test
    void callsWithThePreviousTokenAreCountedAndSummedUpOnceAMinute() {
        callLog.acceptedWithCurrentToken();
        assertThat(lines()).isEmpty();

        callLog.acceptedWithPreviousToken();
        assertThat(lines()).containsExactly("1 call used the previous webhook token in the last minute: update the "
                + "URLs in openedx-webhooks, then remove OPENEDX_WEBHOOK_TOKEN_PREVIOUS");
        assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.INFO);
        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofSeconds(1));
            callLog.acceptedWithPreviousToken();
        }
        callLog.flush();
        assertThat(lines()).hasSize(1);
        clock.advance(Duration.ofSeconds(20));
        callLog.flush();
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1)).startsWith("40 calls used the previous webhook token in the last minute");

        clock.advance(Duration.ofMinutes(10));
        callLog.flush();
        assertThat(lines()).hasSize(2);
        assertThat(meters.counter("openedx_pok.webhook.calls", "token", "previous").count()).isEqualTo(41);
        assertThat(meters.counter("openedx_pok.webhook.calls", "token", "current").count()).isEqualTo(1);
    }

    @Test
    void theBackgroundTickWritesADueSummaryWithoutAFurtherCall() throws Exception {
        refuseToken("203.0.113.1");
        refuseToken("203.0.113.2");
        clock.advance(Duration.ofSeconds(60));
        callLog.tickEvery(Duration.ofMillis(20));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> appender.list.size() == 2);
        assertThat(lines().get(1)).startsWith("Refused 1 call to /openedx/** in the last 60 s");
    }
}
