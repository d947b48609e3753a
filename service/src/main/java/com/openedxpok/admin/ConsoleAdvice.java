package com.openedxpok.admin;

import java.security.Principal;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import com.openedxpok.operator.OperatorPrincipal;
import com.openedxpok.web.ConsoleController;
import com.openedxpok.pok.PokEndpoint;

/** What every console page needs: the DEMO flag for the badge and the logged-in operator (errors: ConsoleErrors). */
@ControllerAdvice(annotations = ConsoleController.class)
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
        return OperatorPrincipal.of(principal);
    }

}
