package com.openedxpok.admin;

import com.openedxpok.web.ApiController;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import com.openedxpok.audit.AuditEntry;
import com.openedxpok.audit.AuditRepository;
import com.openedxpok.web.InvalidInputException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@ApiController
@RequestMapping("/api/v1")
@Tag(name = "Dashboard and audit")
class DashboardApi {

    private final DashboardService dashboard;
    private final AuditRepository audit;

    DashboardApi(DashboardService dashboard, AuditRepository audit) {
        this.dashboard = dashboard;
        this.audit = audit;
    }

    @GetMapping("/dashboard")
    @Operation(summary = "Counts by status, issuance per day (30 days), certificates needing attention, POK status")
    Dashboard dashboard() {
        return dashboard.read();
    }

    @GetMapping("/audit")
    @Operation(summary = "The audit log, newest first; 'before' is the id of the oldest entry already seen")
    java.util.List<AuditEntry> audit(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "0") long before,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidInputException("limit is 1 to 500");
        }
        return audit.recent(before, limit);
    }
}
