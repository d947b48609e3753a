package com.openedxpok.lms;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.lms.LmsModels.Account;
import com.openedxpok.lms.LmsModels.Course;
import com.openedxpok.lms.LmsModels.StudioCertificate;

/**
 * The Open edX answers asked for again and again (a course while 5,000 of its certificates are issued, a learner's
 * account and language), kept for {@code OPENEDX_API_CACHE_TTL}. "Not found" is remembered too, so an unknown course
 * costs one call per TTL; failures are not, so the next caller asks again.
 */
public class LmsDirectory {

    private final LmsClient client;
    private final Cache<CourseKey, Optional<Course>> courses;
    private final Cache<String, Optional<Account>> accounts;
    private final Cache<String, Optional<String>> languages;
    private final Cache<CourseKey, Optional<StudioCertificate>> studio;
    private final Cache<String, Optional<String>> platformName;

    public LmsDirectory(LmsClient client) {
        this.client = client;
        java.time.Duration ttl = client.ttl();
        this.courses = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.accounts = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(50_000).build();
        this.languages = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(50_000).build();
        this.studio = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.platformName = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1).build();
    }

    public LmsClient client() {
        return client;
    }

    public boolean configured() {
        return client.configured();
    }

    /** @throws LmsException when the LMS could not be asked (not cached) */
    public Optional<Course> course(CourseKey courseKey) {
        return courses.get(courseKey, client::course);
    }

    public Optional<Account> account(String username) {
        return accounts.get(username, client::account);
    }

    /** For accounts read in bulk elsewhere (a backfill page), so that the worker does not ask for them again. */
    public void remember(Account account) {
        accounts.put(account.username(), Optional.of(account));
    }

    public Optional<String> languagePreference(String username) {
        return languages.get(username, client::languagePreference);
    }

    public Optional<StudioCertificate> studioCertificate(CourseKey courseKey) {
        return studio.get(courseKey, client::studioCertificate);
    }

    /** @throws LmsException when the LMS could not be asked (not cached) */
    public Optional<String> platformName() {
        return platformName.get("platform", key -> client.platformName());
    }
}
