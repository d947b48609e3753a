package com.openedxpok.admin;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.kernel.Actor;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ApplicationContext;

import com.openedxpok.operator.ApiTokenService;
import com.openedxpok.operator.OperatorPrincipal;
import com.openedxpok.operator.OperatorRepository;
import com.openedxpok.operator.OperatorRole;
import com.openedxpok.operator.OperatorService;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;

/** Certificates, course templates, operators and tokens for the admin tests, written through the real code. */
public final class AdminTestData {

    /** The course demo mode gives a course template to: its certificates can really be issued (by the simulator). */
    public static final String DEMO_COURSE = "course-v1:DemoX+POK101+2026";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password";
    private static final AtomicLong USER_IDS = new AtomicLong(1_000_000 + (System.nanoTime() % 1_000_000) * 10);

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final CourseTemplateRepository courseTemplates;
    private final OperatorService operators;
    private final OperatorRepository operatorRepository;
    private final ApiTokenService tokens;
    private final Clock clock;

    public AdminTestData(ApplicationContext context) {
        this.certificates = context.getBean(CertificateRepository.class);
        this.lifecycle = context.getBean(CertificateLifecycle.class);
        this.courseTemplates = context.getBean(CourseTemplateRepository.class);
        this.operators = context.getBean(OperatorService.class);
        this.operatorRepository = context.getBean(OperatorRepository.class);
        this.tokens = context.getBean(ApiTokenService.class);
        this.clock = context.getBean(Clock.class);
    }

    public Certificate certificate(String username, String courseKey, CertificateStatus status) {
        return certificate(username, username + "@example.org", "Learner " + username, courseKey, status);
    }

    /** A certificate in {@code status}, reached the way the worker would (with its history), or set directly. */
    public Certificate certificate(String username, String email, String name, String courseKey,
            CertificateStatus status) {
        Learner learner = new Learner(USER_IDS.incrementAndGet(), username, name, email, "en-US", "verified",
                new BigDecimal("0.91"));
        Certificate c = TestCertificates.insert(certificates, CourseKey.parse(courseKey), learner, CertificateStatus.QUEUED,
                clock.instant()).certificate();
        return switch (status) {
            case QUEUED -> c;
            case FAILED -> lifecycle.failed(c, Actor.WORKER, "POK said no (test)").orElseThrow();
            case HELD -> lifecycle.held(c, "template parameter 'x' has no value (test)").orElseThrow();
            default -> TestCertificates.save(certificates, c.withStatus(status, 1, null, null), clock.instant()).orElseThrow();
        };
    }

    /** Sets what POK told us about the credential (state, id, emission type), keeping the status. */
    public Certificate withPok(Certificate c, String credentialId, String state, EmissionType type) {
        PokCredential pok = new PokCredential(credentialId, state, null, null, null, type, null, "Title", "Emitter",
                List.of(), null);
        return TestCertificates.save(certificates, c.withPok(pok), clock.instant()).orElseThrow();
    }

    public CourseTemplate courseTemplate(String courseKey, String templateId, EmissionType type) {
        return courseTemplates.insert(new CourseTemplate(0, CourseKey.parse(courseKey), templateId, type, null,
                "Course " + courseKey, null, true, true, templateId.equals("demo-template") ? List.of(
                        new ParameterMapping("grade", "Grade", ParameterMapping.KeyBy.ID, ParameterSource.GRADE, null),
                        new ParameterMapping("platform", "Platform", ParameterMapping.KeyBy.ID,
                                ParameterSource.PLATFORM_NAME, null)) : List.of(),
                null, null), clock.instant());
    }

    public CertificateRepository certificates() {
        return certificates;
    }

    public Certificate reload(Certificate c) {
        return certificates.findById(c.id()).orElseThrow();
    }

    public OperatorPrincipal operator(String username, String password, OperatorRole role) {
        var created = operators.create(ADMIN, username, password, role);
        return new OperatorPrincipal(created.id(), created.username(), created.role());
    }

    public OperatorPrincipal admin() {
        var admin = operatorRepository.findByUsername(ADMIN).orElseThrow();
        return new OperatorPrincipal(admin.id(), admin.username(), admin.role());
    }

    /** A new API token's value for the operator. */
    public String token(OperatorPrincipal operator) {
        return tokens.create(operator, "test " + System.nanoTime()).value();
    }

    /** A name no other test uses, for usernames and course keys. */
    public static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 100_000_000, 36);
    }
}
