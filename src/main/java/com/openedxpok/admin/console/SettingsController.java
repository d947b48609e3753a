package com.openedxpok.admin.console;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

import com.openedxpok.admin.SettingsService;

@Controller
class SettingsController {

    private final SettingsService settings;

    SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    @GetMapping("/admin/settings")
    String settings(Model model) {
        model.addAttribute("settings", settings.view());
        return "admin/settings";
    }

    /** Rendered directly (not redirected): the answer is only interesting right now. */
    @PostMapping("/admin/settings/test-connection")
    String testConnection(Principal me, Model model) {
        model.addAttribute("connection", settings.testConnection(me.getName()));
        model.addAttribute("settings", settings.view());
        return "admin/settings";
    }
}
