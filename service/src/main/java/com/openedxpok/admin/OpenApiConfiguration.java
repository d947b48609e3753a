package com.openedxpok.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description of {@code /api/v1} (served at {@code /api/v1/openapi.json}, Swagger UI at /admin/api-docs). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String TOKEN = "apiToken";

    @Bean
    OpenAPI openApi() {
        return new OpenAPI()
                .info(new Info().title("openedx-pok operator API").version("v1")
                        .description("Everything the operator console does. Authenticate with an API token created "
                                + "in the console (Account → API tokens): Authorization: Bearer pok_… "
                                + "Errors are {\"error\": \"…\"}."))
                .components(new Components().addSecuritySchemes(TOKEN, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("pok_…")))
                .addSecurityItem(new SecurityRequirement().addList(TOKEN));
    }
}
