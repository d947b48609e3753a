package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The back link's target and the break points of long titles. */
class CertificatePagesTest {

    @Test
    void theDashboardIsTheLmsRootsDashboardAndOnlyForHttpRoots() {
        assertThat(CertificatePages.dashboardUrl("https://lms.example.org")).isEqualTo("https://lms.example.org/dashboard");
        assertThat(CertificatePages.dashboardUrl("https://lms.example.org/")).isEqualTo("https://lms.example.org/dashboard");
        assertThat(CertificatePages.dashboardUrl("http://localhost:18000")).isEqualTo("http://localhost:18000/dashboard");
        assertThat(CertificatePages.dashboardUrl("https://example.org/lms/?x=1#y"))
                .isEqualTo("https://example.org/lms/dashboard");
        assertThat(CertificatePages.dashboardUrl("javascript:alert(1)")).isNull();
        assertThat(CertificatePages.dashboardUrl("/relative")).isNull();
        assertThat(CertificatePages.dashboardUrl("None")).isNull();
        assertThat(CertificatePages.dashboardUrl(null)).isNull();
    }

    @Test
    void courseKeysAreCutAfterTheirSeparatorsAndSentencesAreLeftWhole() {
        assertThat(CertificatePages.breakable("course-v1:Org+CS101_Advanced+2026_T2"))
                .containsExactly("course-v1:", "Org+", "CS101_", "Advanced+", "2026_", "T2");
        assertThat(CertificatePages.breakable("Python: the basics. Part 2.")).containsExactly("Python: the basics. Part 2.");
        assertThat(String.join("", CertificatePages.breakable("a+b:c/d.e_f"))).isEqualTo("a+b:c/d.e_f");
        assertThat(CertificatePages.breakable(null)).isEmpty();
    }
}
