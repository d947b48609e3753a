package com.openedxpok.simulator;

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
import com.openedxpok.openedx.CourseKey;
import com.openedxpok.pok.EmissionType;

/**
 * In demo mode, gives the demo course a course template for the simulator's {@code demo-template}, so that a
 * certificate for that course can be issued without any set-up. An existing template (an operator's) is kept.
 */
public class DemoCourseTemplateSeeder implements ApplicationListener<ApplicationReadyEvent> {

    public static final String DEMO_COURSE_KEY = "course-v1:DemoX+POK101+2026";
    public static final String DEMO_TEMPLATE_ID = "demo-template";

    private static final Logger log = LoggerFactory.getLogger(DemoCourseTemplateSeeder.class);

    private final CourseTemplateRepository repository;

    DemoCourseTemplateSeeder(CourseTemplateRepository repository) {
        this.repository = repository;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        CourseKey course = CourseKey.parse(DEMO_COURSE_KEY);
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
}
