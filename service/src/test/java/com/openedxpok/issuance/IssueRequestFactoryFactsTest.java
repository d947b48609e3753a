package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseFacts;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfigLoader;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.pok.Organization;
import com.openedxpok.pok.PokCatalog;
import com.openedxpok.pok.PokTemplate;

/** What Open edX's course facts change in the POK request, and that nothing changes when nothing is known. */
class IssueRequestFactoryFactsTest {

    private static final CourseKey COURSE = CourseKey.parse("course-v1:Org+CS101+2025");
    private final PokCatalog catalog = mock(PokCatalog.class);
    private ServiceConfig config;

    @BeforeEach
    void setUp() {
        config = new ServiceConfigLoader(new MockEnvironment().withProperty("pok.api-key", "k")
                .withProperty("openedx.webhook-token", "0123456789abcdef0123")).load();
        when(catalog.organization()).thenReturn(new Organization("0x1", "POK Account Name", 1L, 0L, 0L, 0L, 0L));
        when(catalog.template("t")).thenReturn(new PokTemplate("t", "T", "1", List.of(
                new PokTemplate.CustomParameter("platform", "Platform"),
                new PokTemplate.CustomParameter("signer", "Signer"),
                new PokTemplate.CustomParameter("signer_role", "Role"),
                new PokTemplate.CustomParameter("second", "Second signer"))));
    }

    private static Certificate certificate() {
        Learner learner = new Learner(17, "ana", "Ana García", "ana@example.org", "es", "verified",
                new BigDecimal("0.87"));
        Instant at = Instant.parse("2026-01-02T10:00:00Z");
        return new Certificate(1, "p", COURSE, learner, PokCredential.NONE, CertificateStatus.QUEUED, 0, at, at, null,
                0, at, at);
    }

    private static IssuanceTarget target(String titleOverride, String emitterOverride) {
        return new IssuanceTarget("t", EmissionType.POK, null, titleOverride, emitterOverride, true, List.of(
                new ParameterMapping("signer", null, ParameterMapping.KeyBy.ID, ParameterSource.SIGNATORY_1_NAME, null),
                new ParameterMapping("signer_role", null, ParameterMapping.KeyBy.ID, ParameterSource.SIGNATORY_1_TITLE,
                        null),
                new ParameterMapping("second", null, ParameterMapping.KeyBy.ID, ParameterSource.SIGNATORY_2_NAME,
                        null)), true);
    }

    private static final CourseFacts KNOWN = key -> new CourseFacts.CourseDetails("Introduction to Computer Science",
            "Example University", "Example Learning", List.of(
                    new CourseFacts.Signatory("Dr. Rivera", "Professor", "Example University"),
                    new CourseFacts.Signatory("Dr. Chen", "Dean", null)));

    @Test
    void courseFactsGiveTheTitleEmitterPlatformAndSignatories() {
        IssueRequestFactory.Built built = new IssueRequestFactory(catalog, config, KNOWN).build(certificate(),
                target(null, null));

        IssueRequestFactory.Ready ready = (IssueRequestFactory.Ready) built;
        assertThat(ready.request().credential().title()).isEqualTo("Introduction to Computer Science");
        assertThat(ready.request().credential().emitter()).isEqualTo("Example University");
        assertThat(ready.request().customization().template().customParameters()).containsEntry("platform",
                "Example Learning").containsEntry("signer", "Dr. Rivera").containsEntry("signer_role", "Professor")
                .containsEntry("second", "Dr. Chen");
        assertThat(ready.warnings()).isEmpty();
    }

    @Test
    void theCourseTemplateOverridesStillWin() {
        IssueRequestFactory.Ready ready = (IssueRequestFactory.Ready) new IssueRequestFactory(catalog, config, KNOWN)
                .build(certificate(), target("My Title", "My Emitter"));

        assertThat(ready.request().credential().title()).isEqualTo("My Title");
        assertThat(ready.request().credential().emitter()).isEqualTo("My Emitter");
    }

    @Test
    void theOperatorsPlatformNameWinsOverOpenEdxs() {
        ServiceConfig withPlatform = new ServiceConfigLoader(new MockEnvironment().withProperty("pok.api-key", "k")
                .withProperty("openedx.webhook-token", "0123456789abcdef0123")
                .withProperty("openedx.platform-name", "Set By Operator")).load();

        IssueRequestFactory.Ready ready = (IssueRequestFactory.Ready) new IssueRequestFactory(catalog, withPlatform,
                KNOWN).build(certificate(), target(null, null));

        assertThat(ready.request().customization().template().customParameters()).containsEntry("platform",
                "Set By Operator");
    }

    @Test
    void withNothingKnownTheBehaviourIsUnchanged() {
        IssueRequestFactory.Built withNone = new IssueRequestFactory(catalog, config, CourseFacts.NONE)
                .build(certificate(), target(null, null));
        IssueRequestFactory.Built legacy = new IssueRequestFactory(catalog, config).build(certificate(),
                target(null, null));

        assertThat(withNone).isEqualTo(legacy).isInstanceOfSatisfying(IssueRequestFactory.Missing.class,
                missing -> assertThat(missing.reason()).contains("'platform'").contains("'signer'")
                        .contains("signatory_1_name is not known"));
    }

    @Test
    void withoutATitleTheCertificateWaitsForItInsteadOfCarryingTheCourseKey() {
        when(catalog.template("t")).thenReturn(new PokTemplate("t", "T", "1", List.of()));

        IssueRequestFactory.Built built = new IssueRequestFactory(catalog, config, CourseFacts.NONE)
                .build(certificate(), target(null, null));

        assertThat(built).isInstanceOfSatisfying(IssueRequestFactory.Missing.class, missing -> {
            assertThat(missing.reason()).startsWith("Waiting for the course's title: set a title in the course "
                    + "template of " + COURSE).contains("first view of a certificate page").contains("LMS")
                    .doesNotContain("parameter");
            assertThat(missing.mayComeSoon()).isFalse();
        });
    }

    @Test
    void withATitleOverrideAndNoFactsTheEmitterIsThePokOrganizationAndIsToBeKept() {
        when(catalog.template("t")).thenReturn(new PokTemplate("t", "T", "1", List.of()));

        IssueRequestFactory.Ready ready = (IssueRequestFactory.Ready) new IssueRequestFactory(catalog, config,
                CourseFacts.NONE).build(certificate(), target("My Title", null));

        assertThat(ready.request().credential().title()).isEqualTo("My Title");
        assertThat(ready.request().credential().emitter()).isEqualTo("POK Account Name");
        assertThat(ready.warnings()).isEmpty();
        // The override is the operator's, not a fact: only the emitter is kept for the course's later certificates.
        assertThat(ready.toKeep()).isEqualTo(new CourseFacts.Issued(null, "POK Account Name"));
    }

    @Test
    void whatTheCoursesFirstCertificateCarriedWinsOverNewerFactsButNotOverTheOverrides() {
        CourseFacts keptAndNewer = key -> new CourseFacts.CourseDetails("A Newer Title", "A Newer University",
                "Example Learning", KNOWN.about(key).signatories(), new CourseFacts.Issued("First Title",
                        "First Emitter"), false);

        IssueRequestFactory.Ready kept = (IssueRequestFactory.Ready) new IssueRequestFactory(catalog, config,
                keptAndNewer).build(certificate(), target(null, null));
        IssueRequestFactory.Ready overridden = (IssueRequestFactory.Ready) new IssueRequestFactory(catalog, config,
                keptAndNewer).build(certificate(), target("My Title", "My Emitter"));

        assertThat(kept.request().credential().title()).isEqualTo("First Title");
        assertThat(kept.request().credential().emitter()).isEqualTo("First Emitter");
        assertThat(kept.toKeep().isEmpty()).as("nothing new to keep").isTrue();
        assertThat(overridden.request().credential().title()).isEqualTo("My Title");
        assertThat(overridden.request().credential().emitter()).isEqualTo("My Emitter");
    }

    @Test
    void titleAndEmitterFromFactsAreToBeKeptAndSettleUsesWhatAnotherCertificateKeptFirst() {
        AtomicReference<CourseFacts.Issued> stored = new AtomicReference<>(CourseFacts.Issued.NONE);
        CourseFacts racing = new CourseFacts() {
            @Override
            public CourseDetails about(CourseKey courseKey) {
                CourseDetails known = KNOWN.about(courseKey);
                return new CourseDetails(known.title(), known.organization(), known.platformName(),
                        known.signatories(), stored.get(), false);
            }

            @Override
            public Issued keep(CourseKey courseKey, Issued used) {
                // Another worker kept its values a moment earlier.
                stored.set(new Issued("Title Kept First", "Emitter Kept First"));
                return stored.get();
            }
        };
        IssueRequestFactory factory = new IssueRequestFactory(catalog, config, racing);

        IssueRequestFactory.Ready ready = (IssueRequestFactory.Ready) factory.build(certificate(), target(null, null));
        assertThat(ready.toKeep()).isEqualTo(new CourseFacts.Issued("Introduction to Computer Science",
                "Example University"));

        IssueRequestFactory.Ready settled = (IssueRequestFactory.Ready) factory.settle(certificate(),
                target(null, null), ready);
        assertThat(settled.request().credential().title()).isEqualTo("Title Kept First");
        assertThat(settled.request().credential().emitter()).isEqualTo("Emitter Kept First");
    }

    @Test
    void aMissingPlatformNameSaysWhereItComesFromAndAnUnavailableSourceMayAnswerSoon() {
        CourseFacts unavailable = key -> new CourseFacts.CourseDetails("Title", null, null, List.of(),
                CourseFacts.Issued.NONE, true);

        IssueRequestFactory.Built built = new IssueRequestFactory(catalog, config, unavailable).build(certificate(),
                target(null, null));

        assertThat(built).isInstanceOfSatisfying(IssueRequestFactory.Missing.class, missing -> {
            assertThat(missing.reason()).contains("'platform'").contains("platform_name is not known yet")
                    .contains("OPENEDX_PLATFORM_NAME").contains("signatory_1_name is not known yet")
                    .contains("released as soon as they are known").doesNotContain("course's title");
            assertThat(missing.mayComeSoon()).isTrue();
        });
    }

    @Test
    void aParameterWithoutAnySourceIsAConfigurationMatterNotAWait() {
        when(catalog.template("t")).thenReturn(new PokTemplate("t", "T", "1", List.of(
                new PokTemplate.CustomParameter("favourite_colour", "Colour"))));

        IssueRequestFactory.Built built = new IssueRequestFactory(catalog, config, KNOWN).build(certificate(),
                target(null, null));

        assertThat(built).isInstanceOfSatisfying(IssueRequestFactory.Missing.class, missing ->
                assertThat(missing.reason()).contains("'favourite_colour' (Colour) has no value: map it in the "
                        + "course template").doesNotContain("Waiting"));
    }
}
