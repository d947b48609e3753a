package com.openedxpok.pok;

import java.util.List;

/**
 * Every POK API operation we know of (see docs/pok-api.md). Each call either returns the parsed response or throws a
 * {@link PokException} whose {@link PokFailure} says truthfully what kind of failure it was; what to do about it is
 * the caller's decision.
 */
public interface PokClient {

    /** {@code POST /credential}. */
    IssuedCredential issueCredential(IssueRequest request);

    /** {@code GET /credential/{id}}. */
    CredentialDetails credential(String credentialId);

    /** {@code GET /credential/{id}/decrypted-image}: where the rendered certificate image is. */
    CredentialImage decryptedImage(String credentialId);

    /** {@code GET /template/{id}}. */
    PokTemplate template(String templateId);

    /** {@code GET /template?limit=N}. */
    List<PokTemplate> templates(int limit);

    /** {@code POST /template/preview}: the URL of a preview image. */
    TemplatePreview previewTemplate(PreviewRequest request);

    /** {@code GET /page?limit=N}. */
    List<PokPage> pages(int limit);

    /** {@code GET /organization/me}: the organization that owns the API key. */
    Organization organization();
}
