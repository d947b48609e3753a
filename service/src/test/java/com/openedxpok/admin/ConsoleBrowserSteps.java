package com.openedxpok.admin;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The steps every console test in a real browser takes: logging in as the test administrator, and waiting. */
final class ConsoleBrowserSteps {

    private ConsoleBrowserSteps() {
    }

    /** @param base the service's root, {@code http://localhost:<port>} */
    static void logIn(WebDriver driver, String base) {
        driver.get(base + "/admin/login");
        driver.findElement(By.id("username")).sendKeys(AdminTestData.ADMIN);
        driver.findElement(By.id("password")).sendKeys(AdminTestData.ADMIN_PASSWORD);
        driver.findElement(By.id("login")).click();
        waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(By.className("top")));
    }

    static WebDriverWait waitFor(WebDriver driver) {
        // A click that submits a form replaces the page: an element found just before may go stale mid-wait.
        return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class);
    }
}
