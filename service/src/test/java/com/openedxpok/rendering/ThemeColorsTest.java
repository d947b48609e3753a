package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.openedxpok.config.ServiceConfig;

/** The page stays readable (WCAG AA, 4.5:1) with the default colours and with any an operator picks. */
class ThemeColorsTest {

    private static void assertReadable(ThemeColors colors) {
        assertThat(ThemeColors.contrast(colors.text(), colors.background())).isGreaterThanOrEqualTo(4.5);
        assertThat(ThemeColors.contrast(colors.onPrimary(), colors.primary())).isGreaterThanOrEqualTo(4.5);
        assertThat(ThemeColors.contrast(colors.accent(), colors.background())).isGreaterThanOrEqualTo(4.5);
    }

    @Test
    void theDefaultsReachAaAndUseTheBrandColourForLinks() {
        ThemeColors colors = ThemeColors.of(new ServiceConfig.Theme("#1d4ed8", "#ffffff"));

        assertReadable(colors);
        assertThat(colors.accent()).isEqualTo("#1d4ed8");
        assertThat(colors.onPrimary()).isEqualTo("#ffffff");
        assertThat(ThemeColors.contrast("#1d4ed8", "#ffffff")).isBetween(6.6, 6.8);
    }

    @Test
    void aDarkBackgroundGetsLightText() {
        ThemeColors colors = ThemeColors.of(new ServiceConfig.Theme("#fbbf24", "#111111"));

        assertReadable(colors);
        assertThat(colors.text()).isEqualTo(ThemeColors.LIGHT);
        assertThat(colors.onPrimary()).isEqualTo(ThemeColors.DARK);
    }

    @Test
    void aBrandColourTooPaleForTextOnTheBackgroundIsNotUsedForText() {
        ThemeColors colors = ThemeColors.of(new ServiceConfig.Theme("#ffeb3b", "#ffffff"));

        assertReadable(colors);
        assertThat(colors.accent()).isEqualTo(colors.text());
    }

    @Test
    void contrastIsTheWcagRatio() {
        assertThat(ThemeColors.contrast("#000000", "#ffffff")).isEqualTo(21.0);
        assertThat(ThemeColors.contrast("#777777", "#777777")).isEqualTo(1.0);
    }
}
