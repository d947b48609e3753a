package com.openedxpok.admin.console;

import java.security.Principal;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import com.openedxpok.admin.NotFoundException;
import com.openedxpok.admin.security.OperatorPrincipal;
import com.openedxpok.pok.PokEndpoint;

/** What every console page needs: the DEMO flag for the badge, the logged-in operator, and a not-found page. */
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

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, Principal principal) {
        ModelAndView page = new ModelAndView("admin/not-found", HttpStatus.NOT_FOUND);
        page.addObject("error", e.getMessage());
        page.addObject("demo", endpoint.simulated());
        page.addObject("me", operator(principal));
        return page;
    }

    static OperatorPrincipal operator(Principal principal) {
        if (principal instanceof Authentication authentication
                && authentication.getPrincipal() instanceof OperatorPrincipal operator) {
            return operator;
        }
        return null;
    }
}
