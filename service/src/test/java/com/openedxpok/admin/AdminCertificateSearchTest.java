package com.openedxpok.admin;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.certificate.web.CertificateService;
import com.openedxpok.certificate.web.CertificateCursor;
import com.openedxpok.certificate.web.CertificatePage;
import com.openedxpok.certificate.web.CertificateQuery;
import com.openedxpok.certificate.web.CertificateSummary;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateFilter;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.testsupport.TestDatabase;

/** The certificates list's search, filters and keyset paging, on each supported database. */
class AdminCertificateSearchTest {

    abstract static class OnEachDatabase {

        @Autowired
        ApplicationContext context;

        @Autowired
        CertificateService admin;

        @Autowired
        DashboardService dashboard;

        AdminTestData data;
        String course;

        @BeforeEach
        void setUp() {
            data = new AdminTestData(context);
            course = "course-v1:" + AdminTestData.unique("Srch") + "+S1+2026";
        }

        @Test
        void percentUnderscoreAndTheEscapeCharacterMatchLiterally() {
            String p = AdminTestData.unique("lit");
            for (String suffix : new String[] {"a%b", "axb", "a_c", "abc", "a!d", "ad"}) {
                data.certificate(p + suffix, course, CertificateStatus.EMITTED);
            }
            assertThat(usernames(query(p + "a%"))).containsExactly(p + "a%b");
            assertThat(usernames(query(p + "a_"))).containsExactly(p + "a_c");
            assertThat(usernames(query(p + "a!"))).containsExactly(p + "a!d");
            assertThat(usernames(query(p + "a"))).hasSize(6);
            assertThat(usernames(query("%" + p))).isEmpty();
        }

        @Test
        void theSearchMatchesThePrefixOfUsernameEmailCourseKeyCredentialIdAndUserId() {
            String p = AdminTestData.unique("who");
            Certificate byName = data.certificate(p + "-ana", "ana." + p + "@example.org", "Ana", course,
                    CertificateStatus.EMITTED);
            Certificate byMail = data.certificate("someone-" + p, "mail-" + p + "@example.org", "B", course,
                    CertificateStatus.EMITTED);
            Certificate byCredential = data.withPok(data.certificate("x" + p, course, CertificateStatus.PROCESSING),
                    "cred-" + p + "-123", "processing", EmissionType.POK);

            assertThat(ids(query(p + "-a"))).containsExactly(byName.id());
            assertThat(ids(query("mail-" + p))).containsExactly(byMail.id());
            assertThat(ids(query("cred-" + p))).containsExactly(byCredential.id());
            assertThat(ids(query(course))).containsExactly(byCredential.id(), byMail.id(), byName.id());
            assertThat(ids(query(String.valueOf(byMail.learner().userId())))).contains(byMail.id());
            // The start of a word, not the middle of one.
            assertThat(ids(query(p.substring(2) + "-ana"))).isEmpty();
        }

        @Test
        void theSearchFindsAnyWordOfNameUsernameEmailCourseKeyAndCredentialInAnyCaseWithoutAccents() {
            String p = AdminTestData.unique("Wd");
            String demo = "course-v1:DemoX+POK101+2026";
            Certificate ana = data.certificate("agarcia" + p, "ANA.Garcia" + p + "@Example.org", "Ana María García",
                    course, CertificateStatus.EMITTED);
            Certificate grace = data.certificate("ghopper" + p, "grace" + p + "@example.org", "Grace Brewster Hopper",
                    course, CertificateStatus.FAILED);
            Certificate zoe = data.withPok(data.certificate("zoe_" + p, "zoe" + p + "@example.org", "Zoë Ølund",
                    course, CertificateStatus.PROCESSING), "Cred-" + p + "-9F3A", "processing", EmissionType.POK);
            Certificate inDemo = data.certificate("demo" + p, demo, CertificateStatus.EMITTED);

            // The four searches of issue #15 that found nothing, inside this test's course.
            assertThat(ids(inCourse("Ana"))).containsExactly(ana.id());
            assertThat(ids(inCourse("Grace"))).containsExactly(grace.id());
            assertThat(ids(query(("ANA.garcia" + p + "@example.org").toUpperCase(java.util.Locale.ROOT))))
                    .containsExactly(ana.id());
            assertThat(ids(filter(new CertificateQuery("DemoX", List.of(), null, demo, null, null, null))))
                    .contains(inDemo.id());
            assertThat(ids(query("demox demo" + p))).containsExactly(inDemo.id());
            assertThat(ids(query("pok101 demo" + p))).containsExactly(inDemo.id());
            // Counted once though three of its words start so (username, email, name).
            assertThat(query("demo" + p).count()).isEqualTo(1);
            assertThat(query("pok101 demo" + p).count()).isEqualTo(1);
            // Every word of the name, any case; accents ignored both ways.
            assertThat(ids(inCourse("hopper"))).containsExactly(grace.id());
            assertThat(ids(inCourse("brewster"))).containsExactly(grace.id());
            assertThat(ids(inCourse("garcia"))).containsExactly(ana.id());
            assertThat(ids(inCourse("García"))).containsExactly(ana.id());
            assertThat(ids(inCourse("MARIA"))).containsExactly(ana.id());
            assertThat(ids(inCourse("zoe"))).containsExactly(zoe.id());
            // Several words: each must match (name and email of the same learner).
            assertThat(ids(inCourse("ana garcia"))).containsExactly(ana.id());
            assertThat(ids(inCourse("ana hopper"))).isEmpty();
            // Parts of the email and of the username after a separator; the credential id whole or in part.
            assertThat(ids(query("garcia" + p + "@"))).containsExactly(ana.id());
            assertThat(ids(inCourse("example.org"))).containsExactly(zoe.id(), grace.id(), ana.id());
            assertThat(ids(query(p + "-9f"))).containsExactly(zoe.id());
            assertThat(ids(query("CRED-" + p))).containsExactly(zoe.id());
            // The start of a word only, never its middle.
            assertThat(ids(inCourse("arcia"))).isEmpty();
            assertThat(ids(inCourse("race"))).isEmpty();
            // Spaces around and between the words change nothing.
            assertThat(ids(inCourse("  grace   hopper "))).containsExactly(grace.id());
        }

        @Test
        void theSearchFollowsANameOrEmailCorrectedLater() {
            String p = AdminTestData.unique("Fix");
            Certificate held = data.certificate("learner" + p, null, "Old Name", course, CertificateStatus.HELD);
            assertThat(ids(query("learner" + p))).containsExactly(held.id());

            Certificate fixed = data.certificate("other" + p, course, CertificateStatus.QUEUED);
            var learner = fixed.learner();
            TestCertificates.save(data.certificates(), fixed.withLearner(new com.openedxpok.certificate.Learner(learner.userId(),
                    "renamed" + p, "Ada Lovelace", "ada" + p + "@example.org", learner.languageTag(), learner.mode(),
                    learner.grade())), Instant.now()).orElseThrow();

            assertThat(ids(query("ada" + p))).containsExactly(fixed.id());
            assertThat(ids(query("renamed" + p))).containsExactly(fixed.id());
            assertThat(ids(inCourse("lovelace"))).containsExactly(fixed.id());
            assertThat(ids(query("other" + p))).isEmpty();
            // A status change alone leaves the words as they are.
            Certificate reloaded = data.reload(fixed);
            TestCertificates.save(data.certificates(), reloaded.withStatus(CertificateStatus.PROCESSING, 1, null, null), Instant.now())
                    .orElseThrow();
            assertThat(ids(query("ada" + p))).containsExactly(fixed.id());
        }

        @Test
        void filtersCombine() {
            Certificate failed = data.certificate(AdminTestData.unique("f"), course, CertificateStatus.FAILED);
            Certificate held = data.certificate(AdminTestData.unique("h"), course, CertificateStatus.HELD);
            Certificate chain = data.withPok(data.certificate(AdminTestData.unique("b"), course,
                    CertificateStatus.PROCESSING), "c-" + AdminTestData.unique("x"), "waitingForApproval",
                    EmissionType.BLOCKCHAIN);
            data.certificate(AdminTestData.unique("e"), "course-v1:Other+O1+2026", CertificateStatus.FAILED);

            assertThat(ids(filter(new CertificateQuery(null, List.of("FAILED"), null, course, null, null, null))))
                    .containsExactly(failed.id());
            assertThat(ids(filter(new CertificateQuery(null, List.of("ATTENTION"), null, course, null, null, null))))
                    .containsExactly(held.id(), failed.id());
            assertThat(ids(filter(new CertificateQuery(null, List.of(), "waitingForApproval", course, "blockchain",
                    null, null)))).containsExactly(chain.id());
            assertThat(ids(filter(new CertificateQuery(null, List.of(), null, course, "pok", null, null)))).isEmpty();
            LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
            assertThat(ids(filter(new CertificateQuery(null, List.of(), null, course, null, today.minusDays(1).toString(),
                    today.plusDays(1).toString())))).hasSize(3);
            assertThat(ids(filter(new CertificateQuery(null, List.of(), null, course, null,
                    today.plusDays(1).toString(), null)))).isEmpty();
        }

        @Test
        void keysetPagesWalkEveryRowOnceForwardAndBackward() {
            String p = AdminTestData.unique("page");
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                created.add(data.certificate(p + i, course, CertificateStatus.EMITTED).id());
            }
            List<Long> newestFirst = new ArrayList<>(created);
            Collections.reverse(newestFirst);
            CertificateFilter filter = new CertificateQuery(p, List.of(), null, null, null, null, null).toFilter();

            CertificatePage first = admin.page(filter, new CertificateCursor(null, null, false, 3));
            assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 3));
            assertThat(first.hasNewer()).isFalse();
            assertThat(first.count()).isEqualTo(7);
            CertificatePage second = admin.page(filter, new CertificateCursor(first.olderId(), null, false, 3));
            assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(3, 6));
            CertificatePage third = admin.page(filter, new CertificateCursor(second.olderId(), null, false, 3));
            assertThat(ids(third)).containsExactly(newestFirst.get(6));
            assertThat(third.hasOlder()).isFalse();
            assertThat(third.hasNewer()).isTrue();
            CertificatePage backToSecond = admin.page(filter, new CertificateCursor(null, third.newerId(), false, 3));
            assertThat(ids(backToSecond)).containsExactlyElementsOf(newestFirst.subList(3, 6));
            assertThat(backToSecond.hasOlder()).isTrue();

            CertificatePage last = admin.page(filter, new CertificateCursor(null, null, true, 3));
            assertThat(ids(last)).containsExactlyElementsOf(newestFirst.subList(4, 7));
            assertThat(last.hasOlder()).isFalse();
            CertificatePage newerThanLast = admin.page(filter, new CertificateCursor(null, last.newerId(), false, 3));
            assertThat(ids(newerThanLast)).containsExactlyElementsOf(newestFirst.subList(1, 4));
            CertificatePage top = admin.page(filter, new CertificateCursor(null, newerThanLast.newerId(), false, 3));
            assertThat(ids(top)).containsExactly(newestFirst.get(0));
            assertThat(top.hasNewer()).isFalse();
        }

        @Test
        void theDashboardReadsOnThisDatabase() {
            data.certificate(AdminTestData.unique("d"), course, CertificateStatus.FAILED);
            Dashboard read = dashboard.read();
            assertThat(read.counts()).anySatisfy(c -> {
                assertThat(c.status()).isEqualTo(CertificateStatus.FAILED);
                assertThat(c.count()).isPositive();
            });
            assertThat(read.chart().days()).hasSize(30);
            assertThat(read.chart().days().get(29).requested()).isGreaterThanOrEqualTo(0);
            assertThat(read.attention()).isNotEmpty();
        }

        private CertificatePage inCourse(String q) {
            return filter(new CertificateQuery(q, List.of(), null, course, null, null, null));
        }

        private CertificatePage query(String q) {
            return filter(new CertificateQuery(q, List.of(), null, null, null, null, null));
        }

        private CertificatePage filter(CertificateQuery query) {
            return admin.page(query.toFilter(), CertificateCursor.FIRST);
        }

        private static List<String> usernames(CertificatePage page) {
            return page.items().stream().map(CertificateSummary::username).toList();
        }

        private static List<Long> ids(CertificatePage page) {
            return page.items().stream().map(CertificateSummary::id).toList();
        }
    }

    @Nested
    @AdminTestApp
    class OnH2 extends OnEachDatabase {
    }

    @Nested
    @SpringBootTest(properties = {"pok.api-key=", "pok.simulator-emit-delay=200ms"})
    class OnPostgresql extends OnEachDatabase {
        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            TestDatabase.POSTGRESQL.register(registry);
        }
    }

    @Nested
    @SpringBootTest(properties = {"pok.api-key=", "pok.simulator-emit-delay=200ms"})
    class OnMariadb extends OnEachDatabase {
        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            TestDatabase.MARIADB.register(registry);
        }
    }

    static Set<CertificateStatus> attention() {
        return Set.of(CertificateStatus.FAILED, CertificateStatus.HELD, CertificateStatus.UNCERTAIN);
    }
}
