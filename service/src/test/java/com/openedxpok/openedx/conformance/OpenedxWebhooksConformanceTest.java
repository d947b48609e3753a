package com.openedxpok.openedx.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.ReceiverName;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.Answer;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.Crash;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.CreationOutcome;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.CustomResponse;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.InvalidCertificate;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.RenderOutcome;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.SimOperation;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.simulator.SimulatedCredential;
import com.openedxpok.testsupport.CapturedRequest;
import com.openedxpok.testsupport.ReplayClient;
import com.openedxpok.testsupport.TestPok;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on a random port, fed the exact bytes openedx-webhooks 21.0.0 sent (the fixtures), its answers
 * read by {@link OpenedxWebhooksPlugin} as the plugin reads them, POK being the in-process simulator. Each scenario
 * runs once with the JSON fixture and once with the form-encoded one of the pair.
 *
 * <p>The fixtures' bytes are exact, so the JSON and form runs share learners and the course key; they are kept apart
 * by emptying the certificate tables (and resetting the simulator) before every test, once the worker has nothing in
 * flight. One application context for the whole class keeps the run short on a shared machine; a context per
 * encoding ({@code @DirtiesContext}) would cost a start-up per test for the same isolation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenedxWebhooksConformanceTest {

    static final String TOKEN = "conformance-webhook-token-0123456789";
    static final CourseKey COURSE = CourseKey.parse("course-v1:ExampleU+CS101+2026_T2");
    static final String TITLE = "Introducción a la Programación con Python";
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static PokSimulator pok;

    @LocalServerPort
    int port;

    @Autowired
    CertificateRepository certificates;

    @Autowired
    CertificateEventRepository events;

    @Autowired
    CourseTemplateRepository templates;

    @Autowired
    JdbcClient jdbc;

    private final OpenedxWebhooksPlugin plugin = new OpenedxWebhooksPlugin();

    /** The two encodings a webfilter or webhook can be set to: each fixture pair is JSON (odd) then form (even). */
    enum Encoding {
        JSON, FORM;

        /** @param jsonNumber the pair's JSON fixture number (odd) */
        CapturedRequest fixture(int jsonNumber) {
            CapturedRequest request = CapturedRequest.load(String.format("%02d", this == JSON ? jsonNumber
                    : jsonNumber + 1));
            assertThat(request.isForm()).isEqualTo(this == FORM);
            return request;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        if (pok == null) {
            pok = PokSimulator.builder().emitDelay(Duration.ofMillis(200)).approvalDelay(Duration.ofMillis(500))
                    .start();
        }
        TestPok.connect(registry, () -> pok, TOKEN, "Test Platform");
        TestPok.shortDelays(registry);
    }

    @AfterAll
    static void stopPok() {
        if (pok != null) {
            pok.close();
            pok = null;
        }
    }

    @BeforeEach
    void freshState() {
        // Nothing may be on its way to POK when the rows go: a worker holding a deleted certificate would still call
        // POK and be counted in the next test.
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE status IN "
                + "('QUEUED', 'SUBMITTING', 'PROCESSING', 'RETRY_WAIT')").query(Long.class).single() == 0);
        jdbc.sql("DELETE FROM revoke_in_pok").update();
        jdbc.sql("DELETE FROM certificate_event").update();
        jdbc.sql("DELETE FROM pok_certificate").update();
        jdbc.sql("DELETE FROM course_info").update();
        pok.reset();
        TestPok.enableDemoTemplate(templates, COURSE, EmissionType.POK, TITLE, TestPok.GRADE);
    }

    // ---- 01/02 then 13/14 ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aPassingLearnerIsIssuedOnceAndThenSeesOurPage(Encoding encoding) {
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(1)));

        Certificate emitted = awaitStatus(42, CertificateStatus.EMITTED);
        assertThat(emitted.learner().email()).isEqualTo("ana.garcia@example.org");
        assertThat(pok.issueAttemptsFor("42")).isEqualTo(1);
        SimulatedCredential sent = onlyCredentialFor(42);
        assertThat(sent.firstName()).isEqualTo("Ana");
        assertThat(sent.lastName()).isEqualTo("García López");
        assertThat(sent.email()).isEqualTo("ana.garcia@example.org");
        assertThat(sent.languageTag()).isEqualTo("es-ES");
        assertThat(sent.title()).isEqualTo(TITLE);
        assertThat(sent.templateId()).isEqualTo("demo-template");
        assertThat(sent.customParameters()).containsEntry("grade", "87%");

        RenderOutcome page = render(encoding.fixture(13));
        assertThat(page).isInstanceOf(CustomResponse.class);
        CustomResponse custom = (CustomResponse) page;
        assertThat(custom.status()).isEqualTo(200);
        assertThat(custom.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(custom.content()).contains("Ana García López").contains(TITLE);
    }

    // ---- 05/06 -------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void anAllowlistedLearnerWhoDidNotPassIsIssued(Encoding encoding) {
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(5)));

        Certificate emitted = awaitStatus(63, CertificateStatus.EMITTED);
        assertThat(history(emitted)).anySatisfy(event -> {
            assertThat(event.kind()).isEqualTo("REQUESTED");
            assertThat(event.detail()).contains("allowlisted");
        });
        assertThat(pok.issueAttemptsFor("63")).isEqualTo(1);
        SimulatedCredential sent = onlyCredentialFor(63);
        assertThat(sent.email()).isEqualTo("fernanda.ruiz@example.org");
        assertThat(sent.customParameters()).containsEntry("grade", "35%");
    }

    // ---- 07/08 -------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void anUnverifiedLearnerGetsNothingAndOpenedxIsNotStopped(Encoding encoding) {
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(7)));

        // Recording is done before the answer, in the request's transaction: no row now means no row ever, and
        // without a row the worker has nothing to send.
        assertThat(certificates.findByLearnerAndCourse(71, COURSE)).isEmpty();
        assertThat(storedCertificates()).isZero();
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isZero();
    }

    // ---- 03/04 then a derived CERTIFICATE_CREATED ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aLazyUsersCertificateIsHeldForItsEmailThenReleasedByTheCreatedEvent(Encoding encoding) {
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(3)));

        Certificate held = awaitStatus(57, CertificateStatus.HELD);
        assertThat(held.lastError()).containsIgnoringCase("email");
        assertThat(held.learner().name()).isEqualTo("Bruno Díaz");
        assertThat(pok.issueAttemptsFor("57")).isZero();

        replay(createdEventForBruno(encoding));

        Certificate emitted = awaitStatus(57, CertificateStatus.EMITTED);
        assertThat(emitted.learner().email()).isEqualTo("bruno.diaz@example.org");
        assertThat(pok.issueAttemptsFor("57")).isEqualTo(1);
        SimulatedCredential sent = onlyCredentialFor(57);
        assertThat(sent.email()).isEqualTo("bruno.diaz@example.org");
        assertThat(sent.firstName()).isEqualTo("Bruno");
        assertThat(sent.lastName()).isEqualTo("Díaz");
        assertThat(sent.languageTag()).isEqualTo("es-ES");
    }

    /**
     * DERIVED bytes, not captured ones: fixture 19 (JSON) or 20 (form), Ana's CERTIFICATE_CREATED, made Bruno's (user
     * 57 of fixtures 03/04) by replacing the user id, username, email and name in the body, written as the plugin
     * writes them (JSON with ASCII escapes, form with UTF-8 percent-encoding); Content-Length is recomputed, every
     * other header and byte is the captured one.
     */
    static CapturedRequest createdEventForBruno(Encoding encoding) {
        CapturedRequest captured = encoding.fixture(19);
        if (encoding == Encoding.JSON) {
            return captured.replacingInBody(
                    "{\"id\": 42, \"is_active\"", "{\"id\": 57, \"is_active\"",
                    "\"username\": \"ana_garcia\"", "\"username\": \"bruno_diaz\"",
                    "ana.garcia@example.org", "bruno.diaz@example.org",
                    "Ana Garc\\u00eda L\\u00f3pez", "Bruno D\\u00edaz");
        }
        return captured.replacingInBody(
                "CertificateData_user_id=42&", "CertificateData_user_id=57&",
                "pii_username=ana_garcia&", "pii_username=bruno_diaz&",
                "ana.garcia%40example.org", "bruno.diaz%40example.org",
                "Ana+Garc%C3%ADa+L%C3%B3pez", "Bruno+D%C3%ADaz");
    }

    // ---- 09/10 and 11/12 ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aSingleCjkWordIsAFirstNameAndTheCertificateIsIssuedInSimplifiedChinese(Encoding encoding) {
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(9)));

        Certificate emitted = awaitStatus(88, CertificateStatus.EMITTED);
        assertThat(emitted.learner().name()).isEqualTo("李小龙");
        SimulatedCredential sent = onlyCredentialFor(88);
        assertThat(ReceiverName.split("李小龙", "xiaolong_li")).isEqualTo(new ReceiverName("李小龙", ""));
        assertThat(sent.firstName()).isEqualTo("李小龙");
        assertThat(sent.lastName()).isNullOrEmpty();
        assertThat(sent.languageTag()).isEqualTo("zh-CN");
        assertThat(sent.email()).isEqualTo("xiaolong.li@example.cn");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aThreeHundredCharacterNameIsKeptWholeAndItsLastNameCutAt150(Encoding encoding) {
        CapturedRequest request = encoding.fixture(11);
        assertLetsOpenedxCreateUnchanged(create(request));

        Certificate emitted = awaitStatus(93, CertificateStatus.EMITTED);
        String fullName = emitted.learner().name();
        assertThat(fullName.codePointCount(0, fullName.length())).isEqualTo(300);
        assertThat(fullName).startsWith("Maria da Conceição Antônia").endsWith("Barreto e Rodrigues");
        SimulatedCredential sent = onlyCredentialFor(93);
        assertThat(sent.firstName()).isEqualTo("Maria");
        String rest = fullName.substring("Maria ".length());
        String expectedLast = rest.substring(0, rest.offsetByCodePoints(0, 150)).strip();
        assertThat(sent.lastName()).isEqualTo(expectedLast).startsWith("da Conceição");
        assertThat(sent.lastName().codePointCount(0, sent.lastName().length())).isLessThanOrEqualTo(150);
        assertThat(sent.languageTag()).isEqualTo("pt-BR");
    }

    // ---- 17-20 after 01/02 -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void theChangedAndCreatedEventsAfterTheCreationIssueNothingMore(Encoding encoding) {
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(1)));
        Certificate emitted = awaitStatus(42, CertificateStatus.EMITTED);

        // Open edX's order: CERTIFICATE_CHANGED, then CERTIFICATE_CREATED, from the same save.
        replay(encoding.fixture(17));
        replay(encoding.fixture(19));

        assertThat(storedCertificates()).isEqualTo(1);
        Certificate after = certificates.findByLearnerAndCourse(42, COURSE).orElseThrow();
        assertThat(after.id()).isEqualTo(emitted.id());
        assertThat(after.status()).isEqualTo(CertificateStatus.EMITTED);
        assertThat(history(after)).filteredOn(e -> e.kind().equals("REQUESTED")).hasSize(1);
        assertThat(pok.issueAttemptsFor("42")).isEqualTo(1);
        assertThat(pok.credentialsCreatedFor("42")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void theEventsOpenedxSendsRightAfterTheCreationIssueNothingMoreAndTheLearnerSeesOurPages(Encoding encoding) {
        // Open edX saves its certificate as soon as the filter lets it: the events reach us while ours is still on
        // its way to POK (QUEUED, SUBMITTING or PROCESSING), not after it is emitted.
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(1)));
        replay(encoding.fixture(17));
        replay(encoding.fixture(19));
        // Whatever state ours is in by now, the learner sees a page of ours (a status page or the certificate).
        assertThat(render(encoding.fixture(13))).isInstanceOf(CustomResponse.class);

        awaitStatus(42, CertificateStatus.EMITTED);
        assertThat(storedCertificates()).isEqualTo(1);
        assertThat(pok.issueAttemptsFor("42")).isEqualTo(1);
        assertThat(pok.credentialsCreatedFor("42")).hasSize(1);
        RenderOutcome page = render(encoding.fixture(13));
        assertThat(page).isInstanceOf(CustomResponse.class);
        assertThat(((CustomResponse) page).content()).contains("Ana García López");
    }

    // ---- 21/22 then 13/14 --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aRevokedCertificateShowsOpenedxsInvalidCertificatePage(Encoding encoding) {
        assertLetsOpenedxCreateUnchanged(create(encoding.fixture(1)));
        awaitStatus(42, CertificateStatus.EMITTED);

        replay(encoding.fixture(21));

        assertThat(certificates.findByLearnerAndCourse(42, COURSE)).get().extracting(Certificate::status)
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(render(encoding.fixture(13))).isInstanceOf(InvalidCertificate.class);
        assertThat(pok.issueAttemptsFor("42")).isEqualTo(1);
    }

    // ---- 15/16 ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aStaffPreviewShowsTheLabelledTemplatePreviewAndRecordsAndIssuesNothing(Encoding encoding) {
        RenderOutcome outcome = render(encoding.fixture(15));

        // No LMS API here: a viewer without a certificate of ours sees the course's template preview, labelled.
        assertThat(outcome).isInstanceOfSatisfying(CustomResponse.class, page -> {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.content()).contains("id=\"preview-banner\"").contains("/certificates/preview/")
                    .doesNotContain("Javier Pérez");
        });
        assertThat(certificates.findByLearnerAndCourse(5, COURSE)).isEmpty();
        assertThat(storedCertificates()).isZero();
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isZero();
    }

    // ---- every fixture alone -----------------------------------------------------------------------------------------

    static final List<String> ALL_FIXTURES = CapturedRequest.ALL;

    @ParameterizedTest
    @FieldSource("ALL_FIXTURES")
    void everyCapturedRequestIsAnsweredWithAJsonObjectThePluginCanRead(String file) {
        CapturedRequest request = CapturedRequest.load(file);
        ReplayClient.Response response = replay(request);
        Answer answer = Answer.of(response);
        if (request.pathAndQuery().startsWith("/openedx/webfilters/certificate-creation-requested")) {
            assertLetsOpenedxCreateUnchanged(plugin.creation(answer));
        } else if (request.pathAndQuery().startsWith("/openedx/webfilters/certificate-render-started")) {
            assertThat(plugin.render(answer)).isNotInstanceOf(Crash.class);
        } else {
            // The webhooks' answers are never read by the plugin; the same rule holds for them anyway.
            assertThat(request.pathAndQuery()).startsWith("/openedx/webhooks/events");
            assertThat(plugin.render(answer)).isNotInstanceOf(Crash.class);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    /**
     * Sends the captured bytes and checks what every answer to openedx-webhooks must be: 2xx, {@code application/json},
     * a JSON object, no secret in it.
     */
    ReplayClient.Response replay(CapturedRequest request) {
        ReplayClient.Response response = new ReplayClient("127.0.0.1", port, TOKEN).send(request);
        assertThat(response.status()).as("%s: %s", request.file(), response.bodyUtf8()).isBetween(200, 299);
        assertThat(response.header("Content-Type")).as(request.file()).isNotNull()
                .startsWith("application/json");
        JsonNode body = JSON.readTree(response.bodyUtf8());
        assertThat(body.isObject()).as("%s answered %s", request.file(), response.bodyUtf8()).isTrue();
        // Nothing secret comes back: not the token, not the password hash Open edX sends.
        assertThat(response.bodyUtf8()).doesNotContain(TOKEN).doesNotContain("pbkdf2_sha256")
                .doesNotContain("FIXTURESALT");
        return response;
    }

    CreationOutcome create(CapturedRequest request) {
        return plugin.creation(Answer.of(replay(request)));
    }

    RenderOutcome render(CapturedRequest request) {
        RenderOutcome outcome = plugin.render(Answer.of(replay(request)));
        assertThat(outcome).as(request.file()).isNotInstanceOf(Crash.class);
        return outcome;
    }

    /** We never stop Open edX's own certificate and never write anything back into Open edX. */
    static void assertLetsOpenedxCreateUnchanged(CreationOutcome outcome) {
        assertThat(outcome.crashed()).as(outcome.crash()).isFalse();
        assertThat(outcome.prevented()).as(outcome.message()).isFalse();
        assertThat(outcome.changes()).isEmpty();
    }

    Certificate awaitStatus(long userId, CertificateStatus status) {
        await().atMost(WAIT).until(() -> certificates.findByLearnerAndCourse(userId, COURSE)
                .map(Certificate::status), found -> found.isPresent() && (found.get() == status
                        || (found.get() != CertificateStatus.QUEUED && found.get() != CertificateStatus.SUBMITTING
                                && found.get() != CertificateStatus.PROCESSING
                                && found.get() != CertificateStatus.RETRY_WAIT)));
        Certificate certificate = certificates.findByLearnerAndCourse(userId, COURSE).orElseThrow();
        assertThat(certificate.status()).as("user %d: %s", userId, certificate.lastError()).isEqualTo(status);
        return certificate;
    }

    SimulatedCredential onlyCredentialFor(long userId) {
        List<SimulatedCredential> created = pok.credentialsCreatedFor(String.valueOf(userId));
        assertThat(created).hasSize(1);
        return created.get(0);
    }

    List<CertificateEvent> history(Certificate certificate) {
        return events.history(certificate.id());
    }

    private long storedCertificates() {
        return jdbc.sql("SELECT COUNT(*) FROM pok_certificate").query(Long.class).single();
    }
}
