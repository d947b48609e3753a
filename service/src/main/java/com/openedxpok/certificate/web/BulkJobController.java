package com.openedxpok.certificate.web;

import com.openedxpok.web.ConsoleController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;


/** Bulk jobs and their progress; htmx polls {@code /progress} every second while one runs. */
@ConsoleController
class BulkJobController {

    private final BulkJobService jobs;

    BulkJobController(BulkJobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/admin/jobs")
    String list(Model model) {
        model.addAttribute("jobs", jobs.recent(50));
        return "admin/jobs";
    }

    @GetMapping("/admin/jobs/{id}")
    String job(@PathVariable long id, Model model) {
        model.addAttribute("job", jobs.get(id));
        return "admin/job";
    }

    @GetMapping("/admin/jobs/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        model.addAttribute("job", jobs.get(id));
        return "admin/job :: progress";
    }
}
