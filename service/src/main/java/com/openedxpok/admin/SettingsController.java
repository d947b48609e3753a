package com.openedxpok.admin;

import com.openedxpok.web.ConsoleController;
import java.security.Principal;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;


@ConsoleController
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

    @PostMapping("/admin/settings/check-openedx")
    String checkFromOpenedx(Principal me, Model model) {
        model.addAttribute("check", settings.checkFromOpenedx(me.getName()));
        model.addAttribute("settings", settings.view());
        return "admin/settings";
    }

    /**
     * The copy buttons' real URL, as text (a POST, so that it needs the page's CSRF token and never sits in a
     * browser's history or cache). Administrators only: the page itself never contains the token.
     */
    @PostMapping("/admin/settings/webhook-urls/{id}")
    ResponseEntity<String> webhookUrl(@PathVariable String id, Authentication me) {
        boolean administrator = me.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        if (!administrator) {
            return text(HttpStatus.FORBIDDEN, "Only administrators can copy the webhook URLs: they contain the token.");
        }
        return settings.webhookUrl(id, me.getName()).map(url -> text(HttpStatus.OK, url))
                .orElseGet(() -> text(HttpStatus.NOT_FOUND, "No such webhook URL."));
    }

    private static ResponseEntity<String> text(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).cacheControl(CacheControl.noStore())
                .body(body);
    }
}
