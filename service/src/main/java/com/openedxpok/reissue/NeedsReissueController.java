package com.openedxpok.reissue;

import java.security.Principal;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.issuance.OperatorActionService.NotAllowedException;
import com.openedxpok.web.ConsoleController;

/** The "needs re-issue" list: emitted certificates whose learner Open edX now names or addresses otherwise. */
@ConsoleController
class NeedsReissueController {

    private final NeedsReissueList list;
    private final ServiceConfig.LearnerChangePolicy policy;

    NeedsReissueController(NeedsReissueList list, ServiceConfig config) {
        this.list = list;
        this.policy = config.issuance().learnerChange();
    }

    @GetMapping("/admin/needs-reissue")
    String page(Model model) {
        model.addAttribute("items", list.pending());
        model.addAttribute("count", list.pendingCount());
        model.addAttribute("automaticForPok", policy == ServiceConfig.LearnerChangePolicy.REISSUE_POK);
        return "admin/needs-reissue";
    }

    @PostMapping("/admin/needs-reissue/{certificateId}/reissue")
    String reissue(@PathVariable long certificateId, Principal me, RedirectAttributes flash) {
        try {
            list.reissue(certificateId, me.getName());
            flash.addFlashAttribute("message", "Certificate " + certificateId
                    + " queued for a new credential with the learner's new details.");
        } catch (NotAllowedException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/needs-reissue";
    }

    @PostMapping("/admin/needs-reissue/{certificateId}/dismiss")
    String dismiss(@PathVariable long certificateId, Principal me, RedirectAttributes flash) {
        try {
            list.dismiss(certificateId, me.getName());
            flash.addFlashAttribute("message", "Certificate " + certificateId + " keeps its credential.");
        } catch (NotAllowedException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/needs-reissue";
    }
}
