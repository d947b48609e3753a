package com.openedxpok.openedx;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.issuance.CourseFacts;
import com.openedxpok.openedx.lms.LmsDirectory;
import com.openedxpok.openedx.lms.LmsException;
import com.openedxpok.openedx.lms.LmsModels;

/**
 * The course facts issuance uses, from what Open edX told us (render contexts, events: remembered in
 * {@code course_info}) and, when the LMS API is configured, from the course API and Studio's certificate settings
 * (cached, and remembered too, so a later LMS outage costs nothing). Only the worker asks, in the background; the render
 * webfilter only tells ({@link #remember}), which never calls the LMS.
 */
@Component
public class OpenedxCourseFacts implements CourseFacts {

    private static final Logger log = LoggerFactory.getLogger(OpenedxCourseFacts.class);

    private final CourseInfoRepository repository;
    private final LmsDirectory lms;
    private final Clock clock;
    /** The facts last written per course, so that the thousandth view of a page writes nothing. */
    private final Cache<CourseKey, CourseInfo> known = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

    public OpenedxCourseFacts(CourseInfoRepository repository, LmsDirectory lms, Clock clock) {
        this.repository = repository;
        this.lms = lms;
        this.clock = clock;
    }

    @Override
    public CourseDetails about(CourseKey courseKey) {
        try {
            return withLms(stored(courseKey)).details();
        } catch (RuntimeException e) {
            // Course facts improve a certificate; they must never stop one.
            log.warn("Course facts for {} unavailable: {}", courseKey, e.getMessage());
            return CourseDetails.UNKNOWN;
        }
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
        observe(courseKey, facts.courseObservation());
    }

    /** Remembers a course's display name from an event payload ({@code course.display_name}). */
    public void rememberDisplayName(CourseKey courseKey, String displayName) {
        if (displayName != null && !displayName.isBlank()) {
            observe(courseKey, new CourseInfo.Observation(null, displayName, null, null, null, null));
        }
    }

    void observe(CourseKey courseKey, CourseInfo.Observation observation) {
        CourseInfo current = stored(courseKey);
        CourseInfo merged = current.with(observation);
        if (!merged.sameFacts(current)) {
            repository.save(merged, clock.instant());
            known.put(courseKey, merged);
        }
    }

    /** Asks the LMS (cached) for what is still missing, and remembers the answers. */
    private CourseInfo withLms(CourseInfo info) {
        if (!lms.configured()) {
            return info;
        }
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
                log.info("Course {}: the LMS course API did not answer ({}); using what is known", info.courseKey(),
                        e.getMessage());
            }
        }
        if (result.signatories().isEmpty() && lms.client().studioConfigured()) {
            try {
                Optional<LmsModels.StudioCertificate> studio = lms.studioCertificate(info.courseKey());
                if (studio.isPresent()) {
                    result = result.with(new CourseInfo.Observation(studio.get().courseTitle(), null, null, null, null,
                            studio.get().signatories()));
                }
            } catch (LmsException e) {
                log.info("Course {}: Studio's certificate settings could not be read ({})", info.courseKey(),
                        e.getMessage());
            }
        }
        if (!result.sameFacts(info)) {
            repository.save(result, clock.instant());
            known.put(info.courseKey(), result);
        }
        return result;
    }
}
