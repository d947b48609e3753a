package com.openedxpok.admin;

import com.openedxpok.web.ApiController;
import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

import com.openedxpok.operator.Operator;
import com.openedxpok.operator.OperatorRole;
import com.openedxpok.operator.OperatorService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Settings (secrets masked), the POK connection test, and operators (administrators' tokens only). */
@ApiController
@RequestMapping("/api/v1")
@Tag(name = "Settings and operators")
class SettingsApi {

    private final SettingsService settings;
    private final OperatorService operators;

    SettingsApi(SettingsService settings, OperatorService operators) {
        this.settings = settings;
        this.operators = operators;
    }

    record NewOperator(String username, String password, OperatorRole role) {
        @Override
        public String toString() {
            return "NewOperator[" + username + ", " + role + "]";
        }
    }

    @GetMapping("/settings")
    @Operation(summary = "The effective configuration and the webhook URLs for Open edX; secrets (the token in the "
            + "URLs too) are shown as ****")
    SettingsView settings() {
        return settings.view();
    }

    @PostMapping("/settings/test-connection")
    @Operation(summary = "Call POK's organization/me now: does the API key work?")
    PokConnection testConnection(Principal me) {
        return settings.testConnection(me.getName());
    }

    @PostMapping("/settings/check-openedx")
    @Operation(summary = "Call this service as openedx-webhooks does (a ping event, a render context) and say what "
            + "Open edX would see")
    OpenedxSelfCheck.OpenedxCheck checkFromOpenedx(Principal me) {
        return settings.checkFromOpenedx(me.getName());
    }

    @GetMapping("/operators")
    @Operation(summary = "Operators (administrators only)")
    List<Operator> operators() {
        return operators.list();
    }

    @PostMapping("/operators")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an operator (administrators only); role ADMIN or OPERATOR")
    Operator create(@RequestBody NewOperator body, Principal me) {
        return operators.create(me.getName(), body.username(), body.password(), body.role());
    }

    @PostMapping("/operators/{username}/disable")
    @Operation(summary = "Disable an operator: their sessions and API tokens stop working")
    Operator disable(@PathVariable String username, Principal me) {
        return operators.setEnabled(me.getName(), username, false);
    }

    @PostMapping("/operators/{username}/enable")
    Operator enable(@PathVariable String username, Principal me) {
        return operators.setEnabled(me.getName(), username, true);
    }

    @PostMapping("/operators/{username}/unlock")
    @Operation(summary = "Clear an operator's login locks (administrators only)")
    Operator unlock(@PathVariable String username, Principal me) {
        return operators.unlock(me.getName(), username);
    }
}
