package com.openedxpok.issuance;

import com.openedxpok.certificate.LanguageTags;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.kernel.CourseFacts;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.ReceiverName;
import java.math.BigDecimal;
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
import org.springframework.util.StringUtils;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.GradeFormat;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.pok.IssueRequest;
import com.openedxpok.pok.PokCatalog;
import com.openedxpok.pok.PokTemplate;
import com.openedxpok.pok.PreviewRequest;

/**
 * Builds the POK issue request for a certificate: the one place that decides the title, the emitter, the receiver's
 * name and language, the tags and every custom parameter's value. A title or a template parameter that ends up without
 * a value stops the build (the certificate is HELD with the reason) instead of reaching the certificate as a blank or
 * as the course key; what Open edX may still tell (the title, the platform's name, signatories) releases it when it
 * arrives ({@link HeldForFacts}).
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

    /**
     * @param toKeep the title and emitter taken from Open edX's facts that the course has not kept yet: the worker
     *               keeps them ({@link #settle}) before submitting, so that every later certificate of the course
     *               carries the same ones
     */
    public record Ready(IssueRequest request, List<String> warnings, CourseFacts.Issued toKeep) implements Built {

        public Ready {
            toKeep = toKeep == null ? CourseFacts.Issued.NONE : toKeep;
        }

        public Ready(IssueRequest request, List<String> warnings) {
            this(request, warnings, CourseFacts.Issued.NONE);
        }
    }

    /**
     * @param reason           for the operator: what is missing and how it gets known
     * @param mayComeSoon      the LMS (or the database), which could tell what is missing, did not answer just now:
     *                         worth trying again a little later before holding the certificate
     */
    public record Missing(String reason, boolean mayComeSoon) implements Built {

        public Missing(String reason) {
            this(reason, false);
        }
    }

    /** @throws com.openedxpok.pok.PokException when the template or the organization cannot be read from POK */
    public Built build(Certificate certificate, IssuanceTarget target) {
        List<String> warnings = new ArrayList<>();
        Learner learner = certificate.learner();
        if (!StringUtils.hasText(learner.email())) {
            return new Missing("No email address is known for learner " + learner.userId()
                    + " (Open edX sent none); POK needs one to deliver the certificate");
        }
        CourseFacts.CourseDetails course = courseFacts.about(certificate.courseKey());
        Choice title = title(target, course);
        Choice emitter = emitter(target, course, warnings);
        Instant emissionDate = certificate.queuedAt() != null ? certificate.queuedAt() : certificate.createdAt();

        PokTemplate template = catalog.template(target.templateId());
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> waitingFor = new ArrayList<>();
        for (Binding binding : bindings(target, template)) {
            Optional<ParameterSource> source = binding.source();
            Optional<String> value = source.flatMap(s -> value(s, binding.constant(), binding.gradeFormat(), certificate.learner(),
                    certificate.courseKey(), title.value(), emissionDate, course));
            if (value.isPresent()) {
                parameters.put(binding.wireKey(), value.get());
            } else {
                missing.add(describe(binding.parameter()) + source.map(s -> " (" + s.key() + " is not known"
                        + (isCourseFact(s) ? " yet" : "") + ")").orElse(""));
                source.map(IssueRequestFactory::howItIsLearned).filter(h -> !waitingFor.contains(h))
                        .ifPresent(waitingFor::add);
            }
        }
        List<String> reasons = new ArrayList<>();
        if (title.value() == null) {
            reasons.add("Waiting for the course's title: set a title in the course template of "
                    + certificate.courseKey() + ", or it is learned from the first view of a certificate page of the "
                    + "course (Open edX's render context) or from the LMS course API; the certificate is released as "
                    + "soon as it is known.");
        }
        if (!missing.isEmpty()) {
            reasons.add("POK template '" + target.templateId() + "' parameter" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " ha" + (missing.size() > 1 ? "ve" : "s")
                    + " no value: map " + (missing.size() > 1 ? "them" : "it") + " in the course template of "
                    + certificate.courseKey()
                    + (waitingFor.isEmpty() ? "" : ". Waiting for Open edX: " + String.join("; ", waitingFor)
                            + "; the certificate is released as soon as "
                            + (waitingFor.size() > 1 ? "they are" : "it is") + " known."));
        }
        if (!reasons.isEmpty()) {
            return new Missing(String.join(" ", reasons), course.sourceUnavailable());
        }

        ReceiverName name = ReceiverName.split(learner.name(), learner.username());
        String languageTag = LanguageTags.normalizeOrDefault(learner.languageTag(), config.pok().defaultLanguageTag());
        IssueRequest request = new IssueRequest(
                new IssueRequest.Credential(tags(certificate), target.skipAcceptance(), target.emissionType(),
                        config.pok().dateFormat().pattern(), emissionDate, title.value(), emitter.value()),
                new IssueRequest.Receiver(languageTag, String.valueOf(learner.userId()), learner.email(),
                        name.firstName(), name.lastName()),
                new IssueRequest.Customization(target.pageId(),
                        new IssueRequest.Template(target.templateId(), parameters)));
        return new Ready(request, warnings, new CourseFacts.Issued(title.toKeep() ? title.value() : null,
                emitter.toKeep() ? emitter.value() : null));
    }

    /**
     * Keeps the title and emitter of a ready request for the course's later certificates, before it is submitted. If
     * another certificate of the course was faster and kept other ones, the request is built again with those.
     */
    public Built settle(Certificate certificate, IssuanceTarget target, Ready ready) {
        CourseFacts.Issued used = ready.toKeep();
        if (used.isEmpty()) {
            return ready;
        }
        CourseFacts.Issued kept = courseFacts.keep(certificate.courseKey(), used);
        boolean agreed = (used.title() == null || used.title().equals(kept.title()))
                && (used.emitter() == null || used.emitter().equals(kept.emitter()));
        return agreed ? new Ready(ready.request(), ready.warnings()) : build(certificate, target);
    }

    /** A title or emitter, and whether it is to be kept for the course (it came from Open edX, not an override). */
    private record Choice(String value, boolean toKeep) {
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
        String title = StringUtils.hasText(target.titleOverride()) ? target.titleOverride().strip()
                : StringUtils.hasText(course.title()) ? course.title().strip() : courseKey.value();
        String emitter = emitter(target, course, new ArrayList<>()).value();
        Learner learner = new Learner(PREVIEW_LEARNER.userId(), PREVIEW_LEARNER.username(), PREVIEW_LEARNER.name(),
                null, null, StringUtils.hasText(mode) ? mode.strip() : null, PREVIEW_LEARNER.grade());
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Binding binding : bindings(target, catalog.template(target.templateId()))) {
            PokTemplate.CustomParameter parameter = binding.parameter();
            parameters.put(binding.wireKey(), binding.source().flatMap(s -> value(s, binding.constant(), binding.gradeFormat(), learner,
                    courseKey, title, now, course))
                    .orElse("[ " + (StringUtils.hasText(parameter.label()) ? parameter.label() : parameter.id())
                            + " ]"));
        }
        ReceiverName name = ReceiverName.split(learner.name(), learner.username());
        return new PreviewRequest(
                new PreviewRequest.Credential(target.emissionType(), config.pok().dateFormat().pattern(), now, title,
                        emitter),
                new PreviewRequest.Receiver(config.pok().defaultLanguageTag(), name.firstName(), name.lastName()),
                new PreviewRequest.Customization(new IssueRequest.Template(target.templateId(), parameters)));
    }

    /**
     * How a template parameter gets its value in a course: the course template's mapping, else a known parameter name;
     * and the key POK receives it under. The one reading of a mapping, for real requests and previews alike.
     */
    private record Binding(PokTemplate.CustomParameter parameter, Optional<ParameterSource> source, String wireKey,
            String constant, GradeFormat gradeFormat) {
    }

    private static List<Binding> bindings(IssuanceTarget target, PokTemplate template) {
        List<Binding> bindings = new ArrayList<>();
        for (PokTemplate.CustomParameter parameter : template.customParameters()) {
            Optional<ParameterMapping> mapping = target.parameters().stream()
                    .filter(m -> m.parameterId().equals(parameter.id())).findFirst();
            bindings.add(new Binding(parameter, mapping.map(ParameterMapping::source).or(() -> guess(parameter)),
                    mapping.map(ParameterMapping::wireKey).orElse(parameter.id()),
                    mapping.map(ParameterMapping::constantValue).orElse(null),
                    mapping.map(ParameterMapping::gradeFormat).orElse(GradeFormat.PERCENT)));
        }
        return bindings;
    }

    static List<String> tags(Certificate certificate) {
        String mode = certificate.learner().mode() == null ? "unknown" : certificate.learner().mode();
        return List.of("StudentId:" + certificate.learner().userId(), "CourseId:" + certificate.courseKey(),
                "Mode:" + mode);
    }

    /**
     * The course template's override, else what the course's first certificate carried, else Open edX's title; never
     * the course key (a certificate titled "course-v1:…" is worse than one that waits for its title).
     */
    private static Choice title(IssuanceTarget target, CourseFacts.CourseDetails course) {
        if (StringUtils.hasText(target.titleOverride())) {
            return new Choice(target.titleOverride().strip(), false);
        }
        if (StringUtils.hasText(course.issued().title())) {
            return new Choice(course.issued().title(), false);
        }
        if (StringUtils.hasText(course.title())) {
            return new Choice(course.title().strip(), true);
        }
        return new Choice(null, false);
    }

    private Choice emitter(IssuanceTarget target, CourseFacts.CourseDetails course, List<String> warnings) {
        if (StringUtils.hasText(target.emitterOverride())) {
            return new Choice(target.emitterOverride().strip(), false);
        }
        if (StringUtils.hasText(course.issued().emitter())) {
            return new Choice(course.issued().emitter(), false);
        }
        // The organization that gives the course says more to the learner than the name of the POK account.
        if (StringUtils.hasText(course.organization())) {
            return new Choice(course.organization().strip(), true);
        }
        String name = catalog.organization().name();
        if (StringUtils.hasText(name)) {
            return new Choice(name.strip(), true);
        }
        warnings.add("POK did not tell the organization's name; the certificate has no emitter.");
        return new Choice(null, false);
    }

    private static boolean isCourseFact(ParameterSource source) {
        return howItIsLearned(source) != null;
    }

    /** For the operator: where a fact Open edX's creation request lacks comes from. Null: not a fact we wait for. */
    private static String howItIsLearned(ParameterSource source) {
        return switch (source) {
            case PLATFORM_NAME -> "the platform's name comes from OPENEDX_PLATFORM_NAME, the LMS (LMS_URL) or the "
                    + "first view of any certificate page";
            case SIGNATORY_1_NAME, SIGNATORY_1_TITLE, SIGNATORY_1_ORGANIZATION, SIGNATORY_2_NAME, SIGNATORY_2_TITLE,
                    SIGNATORY_2_ORGANIZATION -> "signatories come from Studio's certificate settings (CMS_URL) or the "
                            + "first view of a certificate page of the course";
            default -> null;
        };
    }

    private Optional<String> value(ParameterSource source, String constant, GradeFormat gradeFormat, Learner learner,
            CourseKey courseKey,
            String title, Instant emissionDate, CourseFacts.CourseDetails course) {
        return switch (source) {
            case GRADE -> Optional.ofNullable(learner.grade()).map(gradeFormat::format);
            // The operator's setting wins over what Open edX said (the LMS, render contexts).
            case PLATFORM_NAME -> config.openedx().platformName()
                    .or(() -> Optional.ofNullable(course.platformName()).filter(StringUtils::hasText));
            case COURSE_TITLE -> Optional.ofNullable(title);
            case COURSE_KEY -> Optional.of(courseKey.value());
            case LEARNER_NAME -> Optional.ofNullable(StringUtils.hasText(learner.name()) ? learner.name().strip()
                    : learner.username());
            case MODE -> Optional.ofNullable(learner.mode()).filter(StringUtils::hasText);
            case ISSUE_DATE -> Optional.of(DateTimeFormatter.ofPattern(config.pok().dateFormat().pattern())
                    .withZone(ZoneOffset.UTC).format(emissionDate));
            case CONSTANT -> Optional.ofNullable(constant).filter(StringUtils::hasText);
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
                : Optional.ofNullable(field.apply(course.signatories().get(index))).filter(StringUtils::hasText)
                        .map(String::strip);
    }

    /** A grade of 0.875 is shown as "88%": a whole percentage, rounded half up. */
    static String percentage(BigDecimal grade) {
        return GradeFormat.PERCENT.format(grade);
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
        boolean labelled = StringUtils.hasText(parameter.label()) && !parameter.label().equals(parameter.id());
        return "'" + parameter.id() + "'" + (labelled ? " (" + parameter.label() + ")" : "");
    }
}
