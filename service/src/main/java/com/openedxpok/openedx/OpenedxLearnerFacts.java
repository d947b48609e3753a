package com.openedxpok.openedx;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import com.openedxpok.certificate.LanguageTags;
import com.openedxpok.certificate.Learner;
import com.openedxpok.issuance.LearnerFacts;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.lms.LmsException;
import com.openedxpok.lms.LmsModels.Account;

/**
 * Fills in a learner's missing email, name and language from the LMS API (account, {@code pref-lang}), for the worker.
 * Only what is missing is filled: an operator's CSV or Open edX's payload is never overridden. The language the
 * learner chose for the site ({@code pref-lang}) is the best we can do when the payload had none: the profile's
 * legacy language field is usually empty.
 */
@Component
public class OpenedxLearnerFacts implements LearnerFacts {

    private static final Logger log = LoggerFactory.getLogger(OpenedxLearnerFacts.class);

    private final LmsDirectory lms;

    public OpenedxLearnerFacts(LmsDirectory lms) {
        this.lms = lms;
    }

    @Override
    public Completion complete(Learner learner) {
        boolean needEmail = !StringUtils.hasText(learner.email());
        boolean needName = !StringUtils.hasText(learner.name());
        boolean needLanguage = LanguageTags.normalize(learner.languageTag()).isEmpty();
        if (!lms.configured() || !(needEmail || needName || needLanguage)) {
            return new Completed(learner);
        }
        Learner result = learner;
        if (needEmail || needName || !StringUtils.hasText(learner.username())) {
            try {
                Optional<Account> account = !StringUtils.hasText(learner.username())
                        ? lms.client().accountByUserId(learner.userId()) : lms.account(learner.username());
                if (account.isPresent() && account.get().userId() == learner.userId()) {
                    Account a = account.get();
                    result = new Learner(result.userId(),
                            StringUtils.hasText(result.username()) ? result.username() : a.username(),
                            needName && StringUtils.hasText(a.name()) ? a.name() : result.name(),
                            needEmail && StringUtils.hasText(a.email()) ? a.email() : result.email(),
                            result.languageTag(), result.mode(), result.grade());
                } else if (account.isPresent()) {
                    // A username now used by someone else (renamed account): the payload's user id is the truth.
                    log.warn("The LMS account for the username of user {} belongs to user {}; not used",
                            learner.userId(), account.get().userId());
                }
            } catch (LmsException e) {
                if (needEmail && e.transientFailure()) {
                    return new Unavailable("the learner's email is not known and the LMS did not answer: "
                            + e.getMessage());
                }
                log.info("Learner {}: account not read from the LMS ({})", learner.userId(), e.getMessage());
            }
        }
        if (needLanguage && StringUtils.hasText(result.username())) {
            try {
                Optional<String> preference = lms.languagePreference(result.username())
                        .filter(code -> LanguageTags.normalize(code).isPresent());
                if (preference.isPresent()) {
                    result = new Learner(result.userId(), result.username(), result.name(), result.email(),
                            preference.get(), result.mode(), result.grade());
                }
            } catch (LmsException e) {
                log.debug("Learner {}: language preference not read ({})", learner.userId(), e.getMessage());
            }
        }
        return new Completed(result);
    }
}
