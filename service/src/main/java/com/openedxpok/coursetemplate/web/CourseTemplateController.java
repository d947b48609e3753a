package com.openedxpok.coursetemplate.web;

import com.openedxpok.web.ConsoleController;
import java.security.Principal;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.openedxpok.web.InvalidInputException;

/**
 * Course templates: list, create, edit, enable/disable, delete. The form posts with {@code action=reload} (show the
 * chosen template's parameters), {@code preview} (ask POK for an image with sample data) or {@code save}; without
 * JavaScript these are plain buttons, with it htmx does the first two in place.
 */
@ConsoleController
class CourseTemplateController {

    private final CourseTemplateService templates;

    CourseTemplateController(CourseTemplateService templates) {
        this.templates = templates;
    }

    @GetMapping("/admin/course-templates")
    String list(Model model) {
        model.addAttribute("templates", templates.list());
        return "admin/course-templates";
    }

    @GetMapping("/admin/course-templates/new")
    String create(Model model, HttpServletRequest request) {
        return form(new CourseTemplateForm(), null, model, request);
    }

    @GetMapping("/admin/course-templates/{id}")
    String edit(@PathVariable long id, Model model, HttpServletRequest request) {
        CourseTemplateForm form = CourseTemplateForm.of(templates.get(id));
        return form(form, id, model, request);
    }

    @PostMapping("/admin/course-templates")
    String submitNew(@ModelAttribute("form") CourseTemplateForm form, @RequestParam(defaultValue = "save") String action,
            Principal me, Model model, HttpServletRequest request, RedirectAttributes flash) {
        return submit(form, null, action, me, model, request, flash);
    }

    @PostMapping("/admin/course-templates/{id}")
    String submitExisting(@PathVariable long id, @ModelAttribute("form") CourseTemplateForm form,
            @RequestParam(defaultValue = "save") String action, Principal me, Model model, HttpServletRequest request,
            RedirectAttributes flash) {
        templates.get(id);
        return submit(form, id, action, me, model, request, flash);
    }

    @PostMapping("/admin/course-templates/{id}/enable")
    String enable(@PathVariable long id, Principal me, RedirectAttributes flash) {
        var outcome = templates.setEnabled(me.getName(), id, true);
        flash.addFlashAttribute("message", "Enabled for " + outcome.template().courseKey() + "; "
                + outcome.released() + " held certificate(s) released.");
        return "redirect:/admin/course-templates";
    }

    @PostMapping("/admin/course-templates/{id}/disable")
    String disable(@PathVariable long id, Principal me, RedirectAttributes flash) {
        var outcome = templates.setEnabled(me.getName(), id, false);
        flash.addFlashAttribute("message", "Disabled for " + outcome.template().courseKey()
                + ": no new certificates; queued ones are HELD until it is enabled again.");
        return "redirect:/admin/course-templates";
    }

    @PostMapping("/admin/course-templates/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(defaultValue = "false") boolean confirm, Principal me,
            RedirectAttributes flash) {
        if (!confirm) {
            flash.addFlashAttribute("error", "Tick the box to confirm the deletion");
            return "redirect:/admin/course-templates/" + id;
        }
        var deleted = templates.delete(me.getName(), id);
        flash.addFlashAttribute("message", "Deleted the course template of " + deleted.courseKey() + ".");
        return "redirect:/admin/course-templates";
    }

    private String submit(CourseTemplateForm form, Long id, String action, Principal me, Model model,
            HttpServletRequest request, RedirectAttributes flash) {
        switch (action) {
            case "preview" -> {
                try {
                    model.addAttribute("previewUrl", templates.preview(form.toInput()));
                } catch (InvalidInputException e) {
                    model.addAttribute("previewError", e.getMessage());
                }
            }
            case "save" -> {
                try {
                    var outcome = templates.save(me.getName(), Optional.ofNullable(id), form.toInput());
                    flash.addFlashAttribute("message", (outcome.created() ? "Created" : "Saved") + " the course template of "
                            + outcome.template().courseKey() + "; " + outcome.released()
                            + " held certificate(s) released.");
                    return "redirect:/admin/course-templates";
                } catch (InvalidInputException e) {
                    model.addAttribute("error", e.getMessage());
                }
            }
            default -> {
                // reload: show the chosen template's parameters
            }
        }
        return form(form, id, model, request);
    }

    private String form(CourseTemplateForm form, Long id, Model model, HttpServletRequest request) {
        form.alignWith(templates.pokTemplate(form.getTemplateId()));
        model.addAttribute("form", form);
        model.addAttribute("editId", id);
        model.addAttribute("choices", templates.choices());
        model.addAttribute("sources", templates.sources());
        model.addAttribute("formUrl", request.getContextPath()
                + (id == null ? "/admin/course-templates" : "/admin/course-templates/" + id));
        return "admin/course-template-form";
    }
}
