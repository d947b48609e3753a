package com.openedxpok.importing;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.openedxpok.web.ConsoleController;
import com.openedxpok.web.NotFoundException;

/**
 * The console's import from openedx-pok 1.x: upload the two exports, read the dry run line by line, run it and
 * follow its progress bar (htmx polls the job every second), then the per-line report.
 */
@ConsoleController
class ImportConsoleController {

    /** Lines listed on a page; the API lists them all. */
    static final int LISTED = 1000;

    private final OpenedxPokImportService imports;

    ImportConsoleController(OpenedxPokImportService imports) {
        this.imports = imports;
    }


    @GetMapping("/admin/imports")
    String list(Model model) {
        model.addAttribute("jobs", imports.recent(20));
        return "admin/imports";
    }

    /** Post, then redirect to the job's page (which shows the dry run): a reload never uploads twice. */
    @PostMapping("/admin/imports")
    String upload(@RequestParam(name = "certificates", required = false) MultipartFile certificates,
            @RequestParam(name = "templates", required = false) MultipartFile templates, Principal me,
            RedirectAttributes flash) {
        if (certificates == null || certificates.isEmpty()) {
            flash.addFlashAttribute("error", "Choose the export of openedx_pok_pokcertificate to upload.");
            return "redirect:/admin/imports";
        }
        try (InputStream c = certificates.getInputStream();
                InputStream t = templates == null || templates.isEmpty() ? null : templates.getInputStream()) {
            ImportJob job = imports.upload(c, t, me.getName());
            flash.addFlashAttribute("message", "Uploaded " + job.totalLines() + " lines. Nothing is applied yet: "
                    + "read the dry run below, then run the import.");
            return "redirect:/admin/imports/" + job.id();
        } catch (ImportException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("error", "The upload could not be read; try again.");
        }
        return "redirect:/admin/imports";
    }

    @GetMapping("/admin/imports/{id}")
    String show(@PathVariable long id, Model model) {
        ImportJob job = job(id);
        model.addAttribute("job", job);
        if (job.status() == ImportJob.Status.UPLOADED) {
            OpenedxPokImportService.Report dryRun = imports.dryRun(id);
            model.addAttribute("dryRun", dryRun);
            model.addAttribute("listed", dryRun.lines().subList(0, Math.min(LISTED, dryRun.lines().size())));
        } else {
            model.addAttribute("skippedLines", imports.report(id, OpenedxPokImportService.SKIPPED, LISTED));
            model.addAttribute("acceptedLines", imports.report(id, OpenedxPokImportService.ACCEPTED, LISTED));
        }
        model.addAttribute("max", LISTED);
        return "admin/import";
    }

    @GetMapping("/admin/imports/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        model.addAttribute("job", job(id));
        return "admin/import :: progress";
    }

    @PostMapping("/admin/imports/{id}/start")
    String start(@PathVariable long id, Principal me, RedirectAttributes flash) {
        try {
            imports.start(id, me.getName());
            flash.addFlashAttribute("message", "Import " + id + " is running.");
        } catch (ImportException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/imports/" + id;
    }

    private ImportJob job(long id) {
        try {
            return imports.job(id);
        } catch (ImportNotFoundException e) {
            throw new NotFoundException(e.getMessage());
        }
    }
}
