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

/** Administrators only (enforced by the security configuration): add, disable, enable and unlock operators. */
@ConsoleController
class OperatorController {

    private final OperatorService operators;

    OperatorController(OperatorService operators) {
        this.operators = operators;
    }

    @GetMapping("/admin/operators")
    String list(Model model) {
        model.addAttribute("operators", operators.list());
        return "admin/operators";
    }

    @PostMapping("/admin/operators")
    String create(@RequestParam String username, @RequestParam String password,
            @RequestParam(defaultValue = "OPERATOR") OperatorRole role, Principal me, RedirectAttributes flash) {
        try {
            operators.create(me.getName(), username, password, role);
            flash.addFlashAttribute("message", "Added " + username.strip() + ".");
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/operators";
    }

    @PostMapping("/admin/operators/{username}/disable")
    String disable(@PathVariable String username, Principal me, RedirectAttributes flash) {
        return setEnabled(username, false, me, flash);
    }

    @PostMapping("/admin/operators/{username}/enable")
    String enable(@PathVariable String username, Principal me, RedirectAttributes flash) {
        return setEnabled(username, true, me, flash);
    }

    /** Clears the operator's login locks (after an attack, so that the owner can log in from a new address). */
    @PostMapping("/admin/operators/{username}/unlock")
    String unlock(@PathVariable String username, Principal me, RedirectAttributes flash) {
        operators.unlock(me.getName(), username);
        flash.addFlashAttribute("message", "Unlocked " + username + ".");
        return "redirect:/admin/operators";
    }

    private String setEnabled(String username, boolean enabled, Principal me, RedirectAttributes flash) {
        try {
            operators.setEnabled(me.getName(), username, enabled);
            flash.addFlashAttribute("message", (enabled ? "Enabled " : "Disabled ") + username + ".");
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/operators";
    }
}
