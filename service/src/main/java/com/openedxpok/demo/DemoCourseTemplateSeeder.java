package com.openedxpok.demo;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.DuplicateCourseTemplateException;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.openedx.CourseInfo;
import com.openedxpok.openedx.CourseInfoRepository;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.kernel.EmissionType;

/**
 * In demo mode, gives the demo course a course template for the simulator's {@code demo-template}, so that a
 * certificate for that course can be issued without any set-up, and the facts Open edX would tell about it (its
 * certificate title, organization and platform name), so that the demo learner's certificate carries a real title.
 * An existing template (an operator's) and facts already known are kept; with the LMS API configured the demo
 * course's facts come from the LMS like any course's.
 */
public class DemoCourseTemplateSeeder implements ApplicationListener<ApplicationReadyEvent> {

    public static final String DEMO_COURSE_KEY = "course-v1:DemoX+POK101+2026";
    public static final String DEMO_TEMPLATE_ID = "demo-template";
    public static final String DEMO_COURSE_TITLE = "Digital Credentials with POK";
    public static final String DEMO_ORGANIZATION = "DemoX University";
    public static final String DEMO_PLATFORM_NAME = "Open edX (demo)";

    private static final Logger log = LoggerFactory.getLogger(DemoCourseTemplateSeeder.class);

    private final CourseTemplateRepository repository;
    private final CourseInfoRepository courseInfo;
    private final LmsDirectory lms;

    DemoCourseTemplateSeeder(CourseTemplateRepository repository, CourseInfoRepository courseInfo, LmsDirectory lms) {
        this.repository = repository;
        this.courseInfo = courseInfo;
        this.lms = lms;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        CourseKey course = CourseKey.parse(DEMO_COURSE_KEY);
        seedFacts(course);
        if (repository.findByCourse(course).isPresent()) {
            return;
        }
        CourseTemplate template = new CourseTemplate(0, course, DEMO_TEMPLATE_ID, EmissionType.POK, null, null, null,
                true, true, List.of(
                        new ParameterMapping("grade", "Grade", ParameterMapping.KeyBy.ID, ParameterSource.GRADE, null),
                        new ParameterMapping("platform", "Platform", ParameterMapping.KeyBy.ID,
                                ParameterSource.PLATFORM_NAME, null)),
                null, null);
        try {
            repository.insert(template, Instant.now());
            log.info("Demo mode: course {} now issues with the simulator's template '{}'", DEMO_COURSE_KEY,
                    DEMO_TEMPLATE_ID);
        } catch (DuplicateCourseTemplateException anotherInstanceWasFirst) {
            // Several instances sharing one database all try; one template is what we wanted.
        }
    }

    /** What a render context of the demo course would teach, before anybody viewed a certificate page. */
    private void seedFacts(CourseKey course) {
        if (lms.configured() || courseInfo.find(course).isPresent()) {
            return;
        }
        courseInfo.save(CourseInfo.empty(course).with(new CourseInfo.Observation(DEMO_COURSE_TITLE, DEMO_COURSE_TITLE,
                DEMO_ORGANIZATION, null, DEMO_PLATFORM_NAME, List.of())), Instant.now());
    }
}
