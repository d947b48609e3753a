package com.openedxpok.operator;

import com.openedxpok.web.ConsoleController;
import java.security.Principal;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.openedxpok.web.InvalidInputException;

/** The operator's own account: password and API tokens (administrators see and can revoke everyone's tokens). */
@ConsoleController
class AccountController {

    private final ApiTokenService tokens;
    private final OperatorService operators;

    AccountController(ApiTokenService tokens, OperatorService operators) {
        this.tokens = tokens;
        this.operators = operators;
    }

    @GetMapping("/admin/account")
    String account(Principal principal, Model model) {
        model.addAttribute("tokens", tokens.visibleTo(OperatorPrincipal.of(principal)));
        return "admin/account";
    }

    /**
     * Rendered in the answer to the POST itself, not through a redirect: the token must not sit in the session as a
     * flash attribute, and reloading the page must not show it again.
     */
    @PostMapping("/admin/account/tokens")
    String createToken(@RequestParam(defaultValue = "") String name, Principal principal, Model model) {
        OperatorPrincipal me = OperatorPrincipal.of(principal);
        try {
            model.addAttribute("newToken", tokens.create(me, name));
        } catch (InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("tokens", tokens.visibleTo(me));
        return "admin/account";
    }

    @PostMapping("/admin/account/tokens/{id}/revoke")
    String revokeToken(@PathVariable long id, Principal principal, RedirectAttributes flash) {
        tokens.revoke(OperatorPrincipal.of(principal), id);
        flash.addFlashAttribute("message", "Token revoked: it no longer works.");
        return "redirect:/admin/account";
    }

    @PostMapping("/admin/account/password")
    String changePassword(@RequestParam String current, @RequestParam String password, Principal principal,
            RedirectAttributes flash) {
        try {
            operators.changePassword(principal.getName(), current, password);
            flash.addFlashAttribute("message", "Password changed.");
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/account";
    }
}
