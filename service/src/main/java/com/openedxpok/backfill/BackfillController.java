package com.openedxpok.backfill;

import com.openedxpok.web.ConsoleController;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;

/**
 * The Backfill page (dry run, start, jobs with progress, CSV import) and the "Revoke in POK as well" list. htmx polls
 * a running job's {@code /progress} every second, as on the bulk job page.
 */
@ConsoleController
class BackfillController {

    /**
     * Keep in step with spring.servlet.multipart.max-file-size in application.yml and templates/error/413.html. An
     * upload over it is refused by Tomcat before any controller runs (status 413, page error/413.html).
     */
    static final String MAX_UPLOAD_TEXT = "20 MB";

    private final BackfillConsoleService backfill;

    BackfillController(BackfillConsoleService backfill) {
        this.backfill = backfill;
    }

    @GetMapping("/admin/backfill")
    String show(Model model) {
        return page(model);
    }

    @PostMapping("/admin/backfill/dry-run")
    String dryRun(@RequestParam(required = false) String course, Model model) {
        try {
            List<BackfillDryRun> runs = backfill.dryRun(course);
            model.addAttribute("dryRuns", runs);
            model.addAttribute("dryRunAll", course == null || course.isBlank());
            if (runs.isEmpty()) {
                model.addAttribute("error", "No enabled course could be counted.");
            }
        } catch (BackfillException | InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(model);
    }

    @PostMapping("/admin/backfill/start")
    String start(@RequestParam(required = false) String course,
            @RequestParam(defaultValue = "false") boolean allEnabled, Principal me, RedirectAttributes flash) {
        try {
            List<BackfillProgress> jobs = backfill.start(course, allEnabled, me.getName());
            flash.addFlashAttribute("message", jobs.size() == 1 ? "Backfill of " + jobs.get(0).courseKey()
                    + " running (job " + jobs.get(0).jobId() + ")." : jobs.size() + " backfill jobs running.");
        } catch (BackfillException | InvalidInputException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/backfill";
    }

    @GetMapping("/admin/backfill/jobs/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        model.addAttribute("job", backfill.job(id));
        return "admin/backfill :: job";
    }

    @PostMapping("/admin/backfill/jobs/{id}/cancel")
    String cancel(@PathVariable long id, Principal me, RedirectAttributes flash) {
        return act(flash, () -> "Job " + id + " is " + backfill.cancel(id, me.getName()).status() + ".");
    }

    @PostMapping("/admin/backfill/jobs/{id}/resume")
    String resume(@PathVariable long id, Principal me, RedirectAttributes flash) {
        return act(flash, () -> "Job " + id + " is " + backfill.resume(id, me.getName()).status() + ".");
    }

    /**
     * Post, then redirect to the page scrolled to the report: the form's URL carries the CSRF token (see backfill.html),
     * which must not stay in the address bar, the history or a reload.
     */
    @PostMapping("/admin/backfill/csv")
    String importCsv(@RequestParam(name = "file", required = false) MultipartFile file, Principal me,
            RedirectAttributes flash) {
        if (file == null || file.isEmpty()) {
            flash.addFlashAttribute("error", "Choose a CSV file to import.");
            return "redirect:/admin/backfill#csv";
        }
        try (InputStream in = file.getInputStream()) {
            flash.addFlashAttribute("report", backfill.importCsv(in, me.getName()));
        } catch (IOException e) {
            flash.addFlashAttribute("error", "The upload could not be read; try again.");
            return "redirect:/admin/backfill#csv";
        }
        return "redirect:/admin/backfill#csv-report";
    }

    @GetMapping("/admin/revoke-in-pok")
    String revokeInPok(Model model) {
        model.addAttribute("items", backfill.revokeInPok());
        model.addAttribute("count", backfill.revokeInPokCount());
        return "admin/revoke-in-pok";
    }

    @PostMapping("/admin/revoke-in-pok/{certificateId}/done")
    String revokedInPok(@PathVariable long certificateId, Principal me, RedirectAttributes flash) {
        try {
            backfill.revokedInPok(certificateId, me.getName());
            flash.addFlashAttribute("message", "Certificate " + certificateId + " marked as revoked in POK.");
        } catch (NotFoundException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/revoke-in-pok";
    }

    private String page(Model model) {
        model.addAttribute("apiAvailable", backfill.apiAvailable());
        model.addAttribute("courses", backfill.enabledCourses());
        model.addAttribute("jobs", backfill.recent());
        model.addAttribute("maxUpload", MAX_UPLOAD_TEXT);
        return "admin/backfill";
    }

    private static String act(RedirectAttributes flash, java.util.function.Supplier<String> action) {
        try {
            flash.addFlashAttribute("message", action.get());
        } catch (BackfillException | NotFoundException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/backfill";
    }
}
