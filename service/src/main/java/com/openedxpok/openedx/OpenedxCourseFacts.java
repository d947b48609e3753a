package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.kernel.CourseFacts;
import com.openedxpok.issuance.HeldForFacts;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.lms.LmsException;
import com.openedxpok.lms.LmsModels;

/**
 * The course facts issuance uses, from what Open edX told us (render contexts, events: remembered in
 * {@code course_info}) and, when the LMS API is configured, from the course API, Studio's certificate settings and the
 * LMS's MFE configuration (cached, and remembered too, so a later LMS outage costs nothing). Only the worker asks, in
 * the background; the render webfilter only tells ({@link #remember}), which never calls the LMS.
 *
 * <p>Whenever the stored facts of a course change (rarely: a write happens only on a change), the course's held
 * certificates are looked at again by a durable background task ({@link HeldForFacts}), scheduled in the same
 * transaction as the write; a newly learned platform name does that for every course.
 */
@Component
public class OpenedxCourseFacts implements CourseFacts {

    private static final Logger log = LoggerFactory.getLogger(OpenedxCourseFacts.class);

    private final CourseInfoRepository repository;
    private final LmsDirectory lms;
    private final HeldForFacts held;
    private final TransactionTemplate transactions;
    private final Clock clock;
    /** The facts last written per course, so that the thousandth view of a page writes nothing. */
    private final Cache<CourseKey, CourseInfo> known = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

    /** @param held lazy: releasing held certificates asks these very facts again */
    public OpenedxCourseFacts(CourseInfoRepository repository, LmsDirectory lms, @Lazy HeldForFacts held,
            TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.lms = lms;
        this.held = held;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public CourseDetails about(CourseKey courseKey) {
        try {
            // Fresh from the database: another instance may have learned a fact that released this certificate.
            CourseInfo stored = repository.find(courseKey).orElseGet(() -> CourseInfo.empty(courseKey));
            known.put(courseKey, stored);
            Asked asked = withLms(stored);
            CourseInfo info = asked.info();
            CourseDetails details = info.details();
            String platformName = details.platformName() != null ? details.platformName()
                    : repository.latestPlatformName().orElse(null);
            return new CourseDetails(details.title(), details.organization(), platformName, details.signatories(),
                    new Issued(info.issuedTitle(), info.issuedEmitter()), asked.lmsUnavailable());
        } catch (RuntimeException e) {
            // The certificate waits and is tried again, rather than held for a fact that is merely unreadable now.
            log.warn("Course facts for {} unavailable: {}", courseKey, e.getMessage());
            return new CourseDetails(null, null, null, List.of(), Issued.NONE, true);
        }
    }

    @Override
    public Issued keep(CourseKey courseKey, Issued used) {
        Issued kept = repository.keep(courseKey, used, clock.instant());
        known.invalidate(courseKey);
        return kept;
    }

    /** What we know, without asking Open edX anything. */
    public CourseInfo stored(CourseKey courseKey) {
        return known.get(courseKey, key -> repository.find(key).orElseGet(() -> CourseInfo.empty(key)));
    }

    /**
     * Remembers what a render context says about its course. Cheap enough for every view of a certificate page: it
     * writes only when something changed, and never calls the LMS.
     */
    public void remember(CourseKey courseKey, RenderContextFacts facts) {
        observe(courseKey, facts.courseObservation(), "a view of a certificate page");
    }

    /** Remembers a course's display name from an event payload ({@code course.display_name}). */
    public void rememberDisplayName(CourseKey courseKey, String displayName) {
        if (displayName != null && !displayName.isBlank()) {
            observe(courseKey, new CourseInfo.Observation(null, displayName, null, null, null, null), "an event");
        }
    }

    void observe(CourseKey courseKey, CourseInfo.Observation observation, String source) {
        CourseInfo current = stored(courseKey);
        CourseInfo merged = current.with(observation);
        if (!merged.sameFacts(current)) {
            save(current, merged, source);
        }
    }

    /** Stores changed facts and, in the same transaction, schedules the release of what they may unblock. */
    private void save(CourseInfo before, CourseInfo after, String source) {
        transactions.executeWithoutResult(status -> {
            String platformName = after.platformName();
            boolean newPlatformName = platformName != null && !platformName.equals(before.platformName())
                    && !platformName.equals(repository.latestPlatformName().orElse(null));
            repository.save(after, clock.instant());
            held.schedule(newPlatformName ? Optional.empty() : Optional.of(after.courseKey()),
                    (newPlatformName ? "the platform's name" : "facts of course " + after.courseKey())
                            + " learned from " + source);
        });
        known.put(after.courseKey(), after);
    }

    /** The facts after asking the LMS, and whether it could not be asked just now. */
    private record Asked(CourseInfo info, boolean lmsUnavailable) {
    }

    /** Asks the LMS (cached) for what is still missing, and remembers the answers. */
    private Asked withLms(CourseInfo info) {
        if (!lms.configured()) {
            return new Asked(info, false);
        }
        boolean unavailable = false;
        CourseInfo result = info;
        if (info.certificateTitle() == null && info.displayName() == null || info.organizationName() == null
                && info.displayOrganization() == null) {
            try {
                Optional<LmsModels.Course> course = lms.course(info.courseKey());
                if (course.isPresent()) {
                    result = result.with(new CourseInfo.Observation(null, course.get().name(), null,
                            course.get().organization(), null, null));
                } else {
                    log.debug("The LMS does not know course {}", info.courseKey());
                }
            } catch (LmsException e) {
                unavailable |= e.transientFailure();
                log.info("Course {}: the LMS course API did not answer ({}); using what is known", info.courseKey(),
                        e.getMessage());
            }
        }
        if (result.signatories().isEmpty() && lms.client().studioConfigured()) {
            try {
                Optional<LmsModels.StudioCertificate> studio = lms.studioCertificate(info.courseKey());
                if (studio.isPresent()) {
                    result = result.with(new CourseInfo.Observation(studio.get().courseTitle(), null, null, null, null,
                            studio.get().signatories().stream()
                                    .map(s -> new CourseFacts.Signatory(s.name(), s.title(), s.organization()))
                                    .toList()));
                }
            } catch (LmsException e) {
                unavailable |= e.transientFailure();
                log.info("Course {}: Studio's certificate settings could not be read ({})", info.courseKey(),
                        e.getMessage());
            }
        }
        if (result.platformName() == null) {
            try {
                Optional<String> platformName = lms.platformName();
                if (platformName.isPresent()) {
                    result = result.with(new CourseInfo.Observation(null, null, null, null, platformName.get(), null));
                }
            } catch (LmsException e) {
                unavailable |= e.transientFailure();
                log.info("The LMS's MFE configuration (platform name) could not be read ({})", e.getMessage());
            }
        }
        if (!result.sameFacts(info)) {
            save(info, result, "the LMS");
        }
        return new Asked(result, unavailable);
    }
}
