package com.openedxpok.admin;

import com.openedxpok.web.ConsoleController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import com.openedxpok.openedx.eventbus.EventBusService;

@ConsoleController
class DashboardController {

    private final DashboardService dashboard;
    private final EventBusService eventBus;

    DashboardController(DashboardService dashboard, EventBusService eventBus) {
        this.dashboard = dashboard;
        this.eventBus = eventBus;
    }

    @GetMapping({"/admin", "/admin/"})
    String dashboard(Model model) {
        model.addAttribute("dashboard", dashboard.read());
        model.addAttribute("eventBus", eventBus.status());
        return "admin/dashboard";
    }
}
