package com.openedxpok.operator;

import com.openedxpok.web.ConsoleController;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page (Spring Security handles the form's POST) and the service's root, which leads to the console. */
@ConsoleController
class LoginController {

    @GetMapping("/admin/login")
    String login() {
        return "admin/login";
    }

    @GetMapping("/")
    String root() {
        return "redirect:/admin";
    }
}
