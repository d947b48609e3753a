package com.openedxpok.coursetemplate.web;

import com.openedxpok.audit.AuditRepository;
import com.openedxpok.web.ConflictException;
import com.openedxpok.web.InvalidInputException;
import com.openedxpok.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.DuplicateCourseTemplateException;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.issuance.OperatorActionService;
import com.openedxpok.pok.IssueRequest;
import com.openedxpok.pok.PokCatalog;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokPage;
import com.openedxpok.pok.PokTemplate;
import com.openedxpok.pok.PreviewRequest;

/**
 * Course templates: which POK template each course issues with and where each custom parameter's value comes from.
 * Saving one releases the course's HELD certificates (they were usually held for a missing mapping).
 */
@Service
public class CourseTemplateService {

    /** POK lists only a "limit"; this is far more than an organization has templates. */
    static final int LIST_LIMIT = 100;
    private static final Duration CHOICES_CACHE = Duration.ofSeconds(30);

    private final CourseTemplateRepository repository;
    private final OperatorActionService actions;
    private final PokClient pok;
    private final PokCatalog catalog;
    private final AuditRepository audit;
    private final ServiceConfig config;
    private final Clock clock;
    private final Cache<String, PokChoices> choices = Caffeine.newBuilder().expireAfterWrite(CHOICES_CACHE)
            .maximumSize(1).build();

    public CourseTemplateService(CourseTemplateRepository repository, OperatorActionService actions, PokClient pok,
            PokCatalog catalog, AuditRepository audit, ServiceConfig config, Clock clock) {
        this.repository = repository;
        this.actions = actions;
        this.pok = pok;
        this.catalog = catalog;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** What a save did. @param released HELD certificates of the course sent back to the queue */
    public record SaveOutcome(CourseTemplate template, boolean created, int released) {
    }

    public List<CourseTemplate> list() {
        return repository.findAll();
    }

    public CourseTemplate get(long id) {
        return repository.findById(id).orElseThrow(() -> new NotFoundException("No course template " + id));
    }

    /** The organization's templates and pages; a POK failure is reported, not thrown (the form still works). */
    public PokChoices choices() {
        PokChoices cached = choices.getIfPresent("all");
        if (cached != null) {
            return cached;
        }
        try {
            List<PokTemplate> templates = pok.templates(LIST_LIMIT);
            List<PokPage> pages = pok.pages(LIST_LIMIT);
            PokChoices fresh = new PokChoices(templates, pages, Optional.empty());
            choices.put("all", fresh);
            return fresh;
        } catch (PokException e) {
            return new PokChoices(List.of(), List.of(), Optional.of("POK's templates and pages could not be listed ("
                    + e.getMessage() + "); type the ids instead."));
        }
    }

    /** The POK template with its custom parameters, or empty with the reason. */
    public Optional<PokTemplate> pokTemplate(String templateId) {
        if (templateId == null || templateId.isBlank()) {
            return Optional.empty();
        }
        PokChoices listed = choices();
        Optional<PokTemplate> fromList = listed.templates().stream().filter(t -> t.id().equals(templateId.strip()))
                .findFirst();
        if (fromList.isPresent()) {
            return fromList;
        }
        try {
            return Optional.of(catalog.template(templateId.strip()));
        } catch (PokException e) {
            return Optional.empty();
        }
    }

    /** Creates ({@code id} empty) or replaces a course template. */
    public SaveOutcome save(String operator, Optional<Long> id, CourseTemplateInput input) {
        CourseTemplate candidate = input.toCourseTemplate(id.orElse(0L));
        Optional<PokTemplate> pokTemplate = pokTemplate(candidate.templateId());
        if (pokTemplate.isPresent()) {
            for (ParameterMapping mapping : candidate.parameters()) {
                if (pokTemplate.get().customParameters().stream().noneMatch(p -> p.id().equals(mapping.parameterId()))) {
                    throw new InvalidInputException("Template '" + candidate.templateId() + "' has no parameter '"
                            + mapping.parameterId() + "'");
                }
            }
        }
        CourseTemplate saved;
        boolean created = id.isEmpty();
        if (created) {
            try {
                saved = repository.insert(candidate, clock.instant());
            } catch (DuplicateCourseTemplateException e) {
                throw new ConflictException(e.getMessage());
            }
        } else {
            CourseTemplate existing = get(id.get());
            if (!existing.courseKey().equals(candidate.courseKey())) {
                throw new InvalidInputException("The course of a course template cannot change; delete it and "
                        + "create one for the other course");
            }
            saved = repository.update(candidate, clock.instant())
                    .orElseThrow(() -> new NotFoundException("No course template " + id.get()));
        }
        int released = saved.enabled() ? actions.releaseHeld(saved.courseKey(), operator) : 0;
        audit.operator(operator, created ? "COURSE_TEMPLATE_CREATED" : "COURSE_TEMPLATE_UPDATED",
                saved.courseKey().value(), "template " + saved.templateId() + ", " + saved.emissionType().wireValue()
                        + ", " + (saved.enabled() ? "enabled" : "disabled") + ", " + saved.parameters().size()
                        + " parameter mapping(s); " + released + " held certificate(s) released");
        return new SaveOutcome(saved, created, released);
    }

    public SaveOutcome setEnabled(String operator, long id, boolean enabled) {
        CourseTemplate t = get(id);
        CourseTemplate changed = new CourseTemplate(t.id(), t.courseKey(), t.templateId(), t.emissionType(), t.pageId(),
                t.titleOverride(), t.emitterOverride(), t.skipAcceptance(), enabled, t.parameters(), t.createdAt(),
                t.modifiedAt());
        CourseTemplate saved = repository.update(changed, clock.instant())
                .orElseThrow(() -> new NotFoundException("No course template " + id));
        int released = enabled ? actions.releaseHeld(saved.courseKey(), operator) : 0;
        audit.operator(operator, enabled ? "COURSE_TEMPLATE_ENABLED" : "COURSE_TEMPLATE_DISABLED",
                saved.courseKey().value(), released > 0 ? released + " held certificate(s) released" : null);
        return new SaveOutcome(saved, false, released);
    }

    public CourseTemplate delete(String operator, long id) {
        CourseTemplate t = get(id);
        repository.delete(id);
        audit.operator(operator, "COURSE_TEMPLATE_DELETED", t.courseKey().value(), "template " + t.templateId());
        return t;
    }

    /** Asks POK for a preview image of the template filled with sample data; returns the image's URL. */
    public String preview(CourseTemplateInput input) {
        if (input.templateId() == null || input.templateId().isBlank()) {
            throw new InvalidInputException("Choose the POK template to preview");
        }
        List<ParameterMapping> mappings = input.mappings();
        Map<String, String> values = new LinkedHashMap<>();
        List<PokTemplate.CustomParameter> parameters = pokTemplate(input.templateId())
                .map(PokTemplate::customParameters).orElse(List.of());
        for (PokTemplate.CustomParameter parameter : parameters) {
            Optional<ParameterMapping> mapping = mappings.stream()
                    .filter(m -> m.parameterId().equals(parameter.id())).findFirst();
            String key = mapping.map(ParameterMapping::wireKey).orElse(parameter.id());
            values.put(key, mapping.map(m -> sample(m, input)).orElse("[ " + (parameter.label() == null
                    ? parameter.id() : parameter.label()) + " ]"));
        }
        String title = StringUtils.hasText(input.titleOverride()) ? input.titleOverride().strip() : "[ Course title ]";
        String emitter = StringUtils.hasText(input.emitterOverride()) ? input.emitterOverride().strip()
                : organizationName();
        PreviewRequest request = new PreviewRequest(
                new PreviewRequest.Credential(input.parsedEmissionType(), config.pok().dateFormat().pattern(),
                        clock.instant(), title, emitter),
                new PreviewRequest.Receiver(config.pok().defaultLanguageTag(), "Ada", "Lovelace"),
                new PreviewRequest.Customization(new IssueRequest.Template(input.templateId().strip(), values)));
        try {
            return pok.previewTemplate(request).url();
        } catch (PokException e) {
            throw new InvalidInputException("POK could not make a preview: " + e.getMessage());
        }
    }

    /** Sources, their descriptions, for the form's lists. */
    public List<ParameterSource> sources() {
        return new ArrayList<>(List.of(ParameterSource.values()));
    }

    private String sample(ParameterMapping mapping, CourseTemplateInput input) {
        return switch (mapping.source()) {
            case CONSTANT -> mapping.constantValue();
            case GRADE -> "87%";
            case PLATFORM_NAME -> config.openedx().platformName().orElse("[ Platform name ]");
            case COURSE_TITLE -> StringUtils.hasText(input.titleOverride()) ? input.titleOverride().strip()
                    : "[ Course title ]";
            case COURSE_KEY -> StringUtils.hasText(input.courseKey()) ? input.courseKey().strip()
                    : "course-v1:Org+Course+Run";
            case LEARNER_NAME -> "Ada Lovelace";
            case MODE -> "verified";
            case ISSUE_DATE -> DateTimeFormatter.ofPattern(config.pok().dateFormat().pattern())
                    .format(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            default -> "[ " + mapping.source().description() + " ]";
        };
    }

    private String organizationName() {
        try {
            return catalog.organization().name();
        } catch (PokException e) {
            return "[ Issuer ]";
        }
    }
}
