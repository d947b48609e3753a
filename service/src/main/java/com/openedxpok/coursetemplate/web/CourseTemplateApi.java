package com.openedxpok.coursetemplate.web;

import com.openedxpok.web.ApiController;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;


import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Course templates, and the POK templates and pages to choose from. */
@ApiController
@RequestMapping("/api/v1")
@Tag(name = "Course templates")
class CourseTemplateApi {

    private final CourseTemplateService templates;

    CourseTemplateApi(CourseTemplateService templates) {
        this.templates = templates;
    }

    /** @param released HELD certificates of the course sent back to the queue by this save */
    record Saved(CourseTemplateView template, int released) {
    }

    record Preview(String url) {
    }

    @GetMapping("/course-templates")
    List<CourseTemplateView> list() {
        return templates.list().stream().map(CourseTemplateView::of).toList();
    }

    @GetMapping("/course-templates/{id}")
    CourseTemplateView get(@PathVariable long id) {
        return CourseTemplateView.of(templates.get(id));
    }

    @PostMapping("/course-templates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a course template (409 if the course has one); releases the course's HELD certificates")
    Saved create(@RequestBody CourseTemplateInput input, Principal me) {
        var outcome = templates.save(me.getName(), Optional.empty(), input);
        return new Saved(CourseTemplateView.of(outcome.template()), outcome.released());
    }

    @PutMapping("/course-templates/{id}")
    @Operation(summary = "Replace a course template (same course); releases the course's HELD certificates")
    Saved update(@PathVariable long id, @RequestBody CourseTemplateInput input, Principal me) {
        var outcome = templates.save(me.getName(), Optional.of(id), input);
        return new Saved(CourseTemplateView.of(outcome.template()), outcome.released());
    }

    @PostMapping("/course-templates/{id}/enable")
    Saved enable(@PathVariable long id, Principal me) {
        var outcome = templates.setEnabled(me.getName(), id, true);
        return new Saved(CourseTemplateView.of(outcome.template()), outcome.released());
    }

    @PostMapping("/course-templates/{id}/disable")
    Saved disable(@PathVariable long id, Principal me) {
        var outcome = templates.setEnabled(me.getName(), id, false);
        return new Saved(CourseTemplateView.of(outcome.template()), outcome.released());
    }

    @DeleteMapping("/course-templates/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, Principal me) {
        templates.delete(me.getName(), id);
    }

    @PostMapping("/course-templates/preview")
    @Operation(summary = "POK's preview image of a course template filled with sample data")
    Preview preview(@RequestBody CourseTemplateInput input) {
        return new Preview(templates.preview(input));
    }

    @GetMapping("/pok/choices")
    @Operation(summary = "The POK organization's templates (with their custom parameters) and pages")
    PokChoices choices() {
        return templates.choices();
    }
}
