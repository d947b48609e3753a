package com.openedxpok.audit;

import com.openedxpok.web.ConsoleController;
import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;


@ConsoleController
class AuditController {

    private static final int PAGE = 100;

    private final AuditRepository audit;

    AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(defaultValue = "0") long before, Model model) {
        List<AuditEntry> entries = audit.recent(before, PAGE);
        model.addAttribute("entries", entries);
        model.addAttribute("olderThan", entries.size() == PAGE ? entries.get(entries.size() - 1).id() : null);
        return "admin/audit";
    }
}
