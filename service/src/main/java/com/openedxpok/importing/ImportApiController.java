package com.openedxpok.importing;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.openedxpok.web.ApiController;

/** {@code POST /api/v1/imports/openedx-pok}: the import from openedx-pok 1.x, for scripts (the console has a page). */
@ApiController
@RequestMapping("/api/v1/imports/openedx-pok")
@Tag(name = "Import from openedx-pok 1.x")
class ImportApiController {

    private final OpenedxPokImportService imports;

    ImportApiController(OpenedxPokImportService imports) {
        this.imports = imports;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import the mysql --batch exports of openedx-pok 1.x: 'certificates' (openedx_pok_pokcertificate "
            + "joined with auth_user's username and email), optional 'templates' (openedx_pok_certificatetemplate). "
            + "With dryRun=true: 200 and what would happen to each line, nothing stored. Otherwise: 202 and the "
            + "started import; GET /api/v1/imports/openedx-pok/{id} follows it. A credential with a POK id is taken "
            + "over without any issue call; see docs/migrating-from-openedx-pok.md")
    ResponseEntity<?> importExports(
            @Parameter(description = "the export of openedx_pok_pokcertificate") @RequestPart("certificates")
            MultipartFile certificates,
            @Parameter(description = "the export of openedx_pok_certificatetemplate")
            @RequestPart(name = "templates", required = false) MultipartFile templates,
            @Parameter(description = "only report what would happen") @RequestParam(defaultValue = "false")
            boolean dryRun, Principal me) throws IOException {
        try (InputStream c = certificates.getInputStream();
                InputStream t = templates == null || templates.isEmpty() ? null : templates.getInputStream()) {
            if (dryRun) {
                return ResponseEntity.ok(imports.dryRun(c, t));
            }
            ImportJob job = imports.upload(c, t, me.getName());
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(imports.start(job.id(), me.getName()));
        }
    }

    @GetMapping("/{id}")
    @Operation(summary = "An import: its progress and counters, and its applied lines in file order (at most 'limit'; "
            + "outcome=SKIPPED lists only the skipped ones, with why)")
    Map<String, Object> job(@PathVariable long id, @RequestParam(required = false) String outcome,
            @RequestParam(defaultValue = "1000") int limit) {
        ImportJob job = imports.job(id);
        List<OpenedxPokImportService.LineReport> lines = imports.report(id,
                outcome == null ? null : outcome.toUpperCase(java.util.Locale.ROOT), Math.max(1, Math.min(limit, 100_000)));
        return Map.of("job", job, "percent", job.percent(), "lines", lines);
    }

}
