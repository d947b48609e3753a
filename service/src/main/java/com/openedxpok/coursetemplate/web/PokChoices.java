package com.openedxpok.coursetemplate.web;

import java.util.List;
import java.util.Optional;

import com.openedxpok.pok.PokPage;
import com.openedxpok.pok.PokTemplate;

/**
 * The templates and pages of our POK organization, for the course template form's lists.
 *
 * @param problem why the lists are missing or incomplete (POK unreachable, key refused), for the operator
 */
public record PokChoices(List<PokTemplate> templates, List<PokPage> pages, Optional<String> problem) {
}
