package com.openedxpok.issuance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.openedx.CourseKey;
import com.openedxpok.pok.IssueRequest;
import com.openedxpok.pok.PokCatalog;
import com.openedxpok.pok.PokTemplate;
import com.openedxpok.pok.PreviewRequest;

/**
 * Builds the POK issue request for a certificate: the one place that decides the title, the emitter, the receiver's
 * name and language, the tags and every custom parameter's value. A template parameter that ends up without a value
 * stops the build (the certificate is HELD with the reason) instead of reaching the certificate as a blank.
 */
@Component
public class IssueRequestFactory {

    /** Parameter names (id or label, normalized) that mean a known source when no mapping says otherwise. */
    private static final Map<String, ParameterSource> KNOWN_NAMES = Map.ofEntries(
            Map.entry("grade", ParameterSource.GRADE),
            Map.entry("platform", ParameterSource.PLATFORM_NAME),
            Map.entry("platform_name", ParameterSource.PLATFORM_NAME),
            Map.entry("course_title", ParameterSource.COURSE_TITLE),
            Map.entry("course_name", ParameterSource.COURSE_TITLE),
            Map.entry("signatory_name", ParameterSource.SIGNATORY_1_NAME),
            Map.entry("signatory_title", ParameterSource.SIGNATORY_1_TITLE),
            Map.entry("signatory_organization", ParameterSource.SIGNATORY_1_ORGANIZATION),
            Map.entry("mode", ParameterSource.MODE));

    private final PokCatalog catalog;
    private final ServiceConfig config;
    private final CourseFacts courseFacts;

    public IssueRequestFactory(PokCatalog catalog, ServiceConfig config) {
        this(catalog, config, CourseFacts.NONE);
    }

    /** @param courseFacts what Open edX told us about the course: defaults for the title, emitter and parameters */
    @Autowired
    public IssueRequestFactory(PokCatalog catalog, ServiceConfig config, CourseFacts courseFacts) {
        this.catalog = catalog;
        this.config = config;
        this.courseFacts = courseFacts;
    }

    /** The outcome: a request ready to send (with warnings for the history), or the reason it cannot be built. */
    public sealed interface Built {
    }

    public record Ready(IssueRequest request, List<String> warnings) implements Built {
    }

    public record Missing(String reason) implements Built {
    }

    /** @throws com.openedxpok.pok.PokException when the template or the organization cannot be read from POK */
    public Built build(Certificate certificate, IssuanceTarget target) {
        List<String> warnings = new ArrayList<>();
        Learner learner = certificate.learner();
        if (!hasText(learner.email())) {
            return new Missing("No email address is known for learner " + learner.userId()
                    + " (Open edX sent none); POK needs one to deliver the certificate");
        }
        CourseFacts.CourseDetails course = courseFacts.about(certificate.courseKey());
        String title = title(certificate, target, course, warnings);
        String emitter = emitter(target, course, warnings);
        Instant emissionDate = certificate.queuedAt() != null ? certificate.queuedAt() : certificate.createdAt();

        PokTemplate template = catalog.template(target.templateId());
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (PokTemplate.CustomParameter parameter : template.customParameters()) {
            Optional<ParameterMapping> mapping = target.parameters().stream()
                    .filter(m -> m.parameterId().equals(parameter.id())).findFirst();
            Optional<ParameterSource> source = mapping.map(ParameterMapping::source).or(() -> guess(parameter));
            String wireKey = mapping.map(ParameterMapping::wireKey).orElse(parameter.id());
            Optional<String> value = source.flatMap(s -> value(s, mapping.map(ParameterMapping::constantValue)
                    .orElse(null), certificate.learner(), certificate.courseKey(), title, emissionDate, course));
            if (value.isPresent()) {
                parameters.put(wireKey, value.get());
            } else {
                missing.add(describe(parameter) + source.map(s -> " (" + s.key() + " is not known)").orElse(""));
            }
        }
        if (!missing.isEmpty()) {
            return new Missing("POK template '" + target.templateId() + "' parameter" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " ha" + (missing.size() > 1 ? "ve" : "s")
                    + " no value: map " + (missing.size() > 1 ? "them" : "it") + " in the course template of "
                    + certificate.courseKey());
        }

        ReceiverName name = ReceiverName.split(learner.name(), learner.username());
        String languageTag = LanguageTags.normalizeOrDefault(learner.languageTag(), config.pok().defaultLanguageTag());
        IssueRequest request = new IssueRequest(
                new IssueRequest.Credential(tags(certificate), target.skipAcceptance(), target.emissionType(),
                        config.pok().dateFormat().pattern(), emissionDate, title, emitter),
                new IssueRequest.Receiver(languageTag, String.valueOf(learner.userId()), learner.email(),
                        name.firstName(), name.lastName()),
                new IssueRequest.Customization(target.pageId(),
                        new IssueRequest.Template(target.templateId(), parameters)));
        return new Ready(request, warnings);
    }

    /** The sample learner of a template preview: no real person's data reaches POK for a preview. */
    static final Learner PREVIEW_LEARNER = new Learner(0, "preview", "Ada Lovelace", null, null, null,
            new BigDecimal("0.87"));

    /**
     * The body of a POK template preview of what a course issues: the same title, emitter and parameter values a
     * certificate of the course gets, with a sample learner; a parameter without a value shows its label in
     * brackets instead of stopping the preview.
     *
     * @param mode the enrollment mode to show (the Studio preview's {@code ?preview=}), may be null
     * @throws com.openedxpok.pok.PokException when the template or the organization cannot be read from POK
     */
    public PreviewRequest preview(CourseKey courseKey, IssuanceTarget target, String mode, Instant now) {
        CourseFacts.CourseDetails course = courseFacts.about(courseKey);
        String title = hasText(target.titleOverride()) ? target.titleOverride().strip()
                : hasText(course.title()) ? course.title().strip() : courseKey.value();
        String emitter = emitter(target, course, new ArrayList<>());
        Learner learner = new Learner(PREVIEW_LEARNER.userId(), PREVIEW_LEARNER.username(), PREVIEW_LEARNER.name(),
                null, null, hasText(mode) ? mode.strip() : null, PREVIEW_LEARNER.grade());
        Map<String, String> parameters = new LinkedHashMap<>();
        for (PokTemplate.CustomParameter parameter : catalog.template(target.templateId()).customParameters()) {
            Optional<ParameterMapping> mapping = target.parameters().stream()
                    .filter(m -> m.parameterId().equals(parameter.id())).findFirst();
            Optional<ParameterSource> source = mapping.map(ParameterMapping::source).or(() -> guess(parameter));
            String wireKey = mapping.map(ParameterMapping::wireKey).orElse(parameter.id());
            parameters.put(wireKey, source.flatMap(s -> value(s, mapping.map(ParameterMapping::constantValue)
                    .orElse(null), learner, courseKey, title, now, course))
                    .orElse("[ " + (hasText(parameter.label()) ? parameter.label() : parameter.id()) + " ]"));
        }
        ReceiverName name = ReceiverName.split(learner.name(), learner.username());
        return new PreviewRequest(
                new PreviewRequest.Credential(target.emissionType(), config.pok().dateFormat().pattern(), now, title,
                        emitter),
                new PreviewRequest.Receiver(config.pok().defaultLanguageTag(), name.firstName(), name.lastName()),
                new PreviewRequest.Customization(new IssueRequest.Template(target.templateId(), parameters)));
    }

    static List<String> tags(Certificate certificate) {
        String mode = certificate.learner().mode() == null ? "unknown" : certificate.learner().mode();
        return List.of("StudentId:" + certificate.learner().userId(), "CourseId:" + certificate.courseKey(),
                "Mode:" + mode);
    }

    private static String title(Certificate certificate, IssuanceTarget target, CourseFacts.CourseDetails course,
            List<String> warnings) {
        if (hasText(target.titleOverride())) {
            return target.titleOverride().strip();
        }
        if (hasText(course.title())) {
            return course.title().strip();
        }
        warnings.add("No course title is known for " + certificate.courseKey()
                + ": the certificate title is the course key. Set a title in the course template.");
        return certificate.courseKey().value();
    }

    private String emitter(IssuanceTarget target, CourseFacts.CourseDetails course, List<String> warnings) {
        if (hasText(target.emitterOverride())) {
            return target.emitterOverride().strip();
        }
        // The organization that gives the course says more to the learner than the name of the POK account.
        if (hasText(course.organization())) {
            return course.organization().strip();
        }
        String name = catalog.organization().name();
        if (hasText(name)) {
            return name.strip();
        }
        warnings.add("POK did not tell the organization's name; the certificate has no emitter.");
        return null;
    }

    private Optional<String> value(ParameterSource source, String constant, Learner learner, CourseKey courseKey,
            String title, Instant emissionDate, CourseFacts.CourseDetails course) {
        return switch (source) {
            case GRADE -> Optional.ofNullable(learner.grade()).map(IssueRequestFactory::percentage);
            // The operator's setting wins over what Open edX's render contexts said.
            case PLATFORM_NAME -> config.openedx().platformName()
                    .or(() -> Optional.ofNullable(course.platformName()).filter(IssueRequestFactory::hasText));
            case COURSE_TITLE -> Optional.of(title);
            case COURSE_KEY -> Optional.of(courseKey.value());
            case LEARNER_NAME -> Optional.ofNullable(hasText(learner.name()) ? learner.name().strip()
                    : learner.username());
            case MODE -> Optional.ofNullable(learner.mode()).filter(IssueRequestFactory::hasText);
            case ISSUE_DATE -> Optional.of(DateTimeFormatter.ofPattern(config.pok().dateFormat().pattern())
                    .withZone(ZoneOffset.UTC).format(emissionDate));
            case CONSTANT -> Optional.ofNullable(constant).filter(IssueRequestFactory::hasText);
            // Unknown signatories (no Studio API, no render context seen yet) hold the certificate, never blank it.
            case SIGNATORY_1_NAME -> signatory(course, 0, CourseFacts.Signatory::name);
            case SIGNATORY_1_TITLE -> signatory(course, 0, CourseFacts.Signatory::title);
            case SIGNATORY_1_ORGANIZATION -> signatory(course, 0, CourseFacts.Signatory::organization);
            case SIGNATORY_2_NAME -> signatory(course, 1, CourseFacts.Signatory::name);
            case SIGNATORY_2_TITLE -> signatory(course, 1, CourseFacts.Signatory::title);
            case SIGNATORY_2_ORGANIZATION -> signatory(course, 1, CourseFacts.Signatory::organization);
        };
    }

    private static Optional<String> signatory(CourseFacts.CourseDetails course, int index,
            java.util.function.Function<CourseFacts.Signatory, String> field) {
        return course.signatories().size() <= index ? Optional.empty()
                : Optional.ofNullable(field.apply(course.signatories().get(index))).filter(IssueRequestFactory::hasText)
                        .map(String::strip);
    }

    /** A grade of 0.875 is shown as "88%": a whole percentage, rounded half up. */
    static String percentage(BigDecimal grade) {
        return grade.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static Optional<ParameterSource> guess(PokTemplate.CustomParameter parameter) {
        return Optional.ofNullable(KNOWN_NAMES.get(normalize(parameter.id())))
                .or(() -> Optional.ofNullable(KNOWN_NAMES.get(normalize(parameter.label()))));
    }

    private static String normalize(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_|_$", "");
    }

    private static String describe(PokTemplate.CustomParameter parameter) {
        return "'" + parameter.id() + "'" + (hasText(parameter.label()) && !parameter.label().equals(parameter.id())
                ? " (" + parameter.label() + ")" : "");
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }
}
