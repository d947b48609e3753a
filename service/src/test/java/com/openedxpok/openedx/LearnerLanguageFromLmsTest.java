package com.openedxpok.openedx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openedxpok.certificate.LanguageTags;
import com.openedxpok.certificate.Learner;
import com.openedxpok.issuance.LearnerFacts;
import com.openedxpok.lms.LmsClient;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.lms.LmsHttp;
import com.openedxpok.testsupport.MutableClock;

/**
 * The language cases with the LMS API configured: the learner's site language ({@code pref-lang}) is asked whenever
 * the payload's language gives no tag, once per TTL, and the default tag is what remains when the LMS fails.
 */
class LearnerLanguageFromLmsTest {

    private static FakeLms lms;
    private LmsHttp http;
    private OpenedxLearnerFacts facts;

    @BeforeAll
    static void startLms() {
        lms = FakeLms.start();
    }

    @AfterAll
    static void stopLms() {
        lms.close();
    }

    @BeforeEach
    void connect() {
        lms.reset();
        lms.tokens(3600, "token-1");
        http = new LmsHttp(lms.settings(Duration.ofSeconds(5), 1), new MutableClock());
        facts = new OpenedxLearnerFacts(new LmsDirectory(new LmsClient(http)));
    }

    @AfterEach
    void close() {
        http.close();
    }

    private static Learner learner(String username, String language) {
        return new Learner(7, username, "Kari Nordmann", username + "@example.org", language, "verified",
                new BigDecimal("0.9"));
    }

    private String tagSent(Learner learner) {
        LearnerFacts.Completion completion = facts.complete(learner);
        assertThat(completion).isInstanceOf(LearnerFacts.Completed.class);
        return LanguageTags.normalizeOrDefault(((LearnerFacts.Completed) completion).learner().languageTag(),
                "en-US");
    }

    @Test
    void withoutALanguageInThePayloadTheSiteLanguageIsUsedAndAskedOncePerTtl() {
        lms.languagePreference("kari", "nb");

        assertThat(tagSent(learner("kari", null))).isEqualTo("nb-NO");
        assertThat(tagSent(learner("kari", ""))).isEqualTo("nb-NO");

        lms.server().verify(1, getRequestedFor(urlPathEqualTo("/api/user/v1/preferences/kari/pref-lang")));
    }

    @Test
    void aPayloadLanguageNoTagCanBeMadeOfGivesWayToTheSiteLanguage() {
        lms.languagePreference("jana", "sk");

        assertThat(tagSent(learner("jana", "klingon-tlh"))).isEqualTo("sk-SK");
    }

    @Test
    void aPayloadLanguageOfTheOriginalsTableIsKeptWithoutAskingTheLms() {
        lms.languagePreference("ivan", "bg");

        assertThat(tagSent(learner("ivan", "sr"))).isEqualTo("sr-RS");

        lms.server().verify(0, getRequestedFor(urlPathEqualTo("/api/user/v1/preferences/ivan/pref-lang")));
    }

    @Test
    void aSiteLanguageNoTagCanBeMadeOfLeavesTheDefault() {
        lms.languagePreference("ana", "xx");

        assertThat(tagSent(learner("ana", null))).isEqualTo("en-US");
    }

    @Test
    void anLmsThatFailsLeavesTheDefaultAndTheCertificateGoesOn() {
        lms.stub(get(urlPathEqualTo("/api/user/v1/preferences/rui/pref-lang"))
                .willReturn(aResponse().withStatus(500)));

        assertThat(tagSent(learner("rui", null))).isEqualTo("en-US");
    }
}
