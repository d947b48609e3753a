package com.openedxpok.reissue;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

import com.openedxpok.web.ApiController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@ApiController
@RequestMapping("/api/v1/needs-reissue")
@Tag(name = "Needs re-issue")
class NeedsReissueApi {

    private final NeedsReissueList list;

    NeedsReissueApi(NeedsReissueList list) {
        this.list = list;
    }

    /** {@code newName} / {@code newEmail} are null for the field that did not change. */
    record NeedsReissueView(long certificateId, String courseKey, long userId, String username, String changed,
            String newName, String newEmail, String credentialId, String emissionType, String reportedBy,
            Instant reportedAt) {

        static NeedsReissueView of(NeedsReissueList.Item i) {
            var c = i.certificate();
            return new NeedsReissueView(c.id(), c.courseKey().value(), c.learner().userId(), c.learner().username(),
                    i.changed(), i.newName(), i.newEmail(), c.pok().credentialId(),
                    c.pok().emissionType() == null ? null : c.pok().emissionType().wireValue(), i.reportedBy(),
                    i.reportedAt());
        }
    }

    @GetMapping
    @Operation(summary = "Emitted certificates whose learner Open edX now names or addresses otherwise than the "
            + "credential (oldest first, at most 500)")
    List<NeedsReissueView> pending() {
        return list.pending().stream().map(NeedsReissueView::of).toList();
    }

    @PostMapping("/{certificateId}/reissue")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Issue a new credential with the learner's new name and email (a blockchain one spends a "
            + "credit); the previous credential stays in POK")
    void reissue(@PathVariable long certificateId, Principal me) {
        list.reissue(certificateId, me.getName());
    }

    @PostMapping("/{certificateId}/dismiss")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Keep the credential as it is: take the certificate off the list")
    void dismiss(@PathVariable long certificateId, Principal me) {
        list.dismiss(certificateId, me.getName());
    }
}
