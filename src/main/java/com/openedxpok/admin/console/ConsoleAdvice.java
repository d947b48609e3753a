package com.openedxpok.admin.console;

import java.security.Principal;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import com.openedxpok.admin.security.OperatorPrincipal;
import com.openedxpok.pok.PokEndpoint;

/** What every console page needs: the DEMO flag for the badge and the logged-in operator (errors: ConsoleErrors). */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
class ConsoleAdvice {

    private final PokEndpoint endpoint;

    ConsoleAdvice(PokEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @ModelAttribute("demo")
    boolean demo() {
        return endpoint.simulated();
    }

    @ModelAttribute("me")
    OperatorPrincipal me(Principal principal) {
        return operator(principal);
    }

    static OperatorPrincipal operator(Principal principal) {
        if (principal instanceof Authentication authentication
                && authentication.getPrincipal() instanceof OperatorPrincipal operator) {
            return operator;
        }
        return null;
    }
}
