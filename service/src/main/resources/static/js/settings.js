// The Settings page's "Copy" buttons. The page never holds the webhook token: a click asks the service for the real
// URL (a POST with the page's CSRF token, administrators only) and puts it on the clipboard. Without JavaScript the
// form still works: the browser shows the URL as text.
(function () {
    'use strict';

    function copyWithSelection(text) {
        var area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.style.position = 'fixed';
        area.style.left = '-9999px';
        document.body.appendChild(area);
        area.select();
        var copied = false;
        try {
            copied = document.execCommand('copy');
        } catch (ignored) {
            copied = false;
        }
        area.remove();
        return copied;
    }

    function copy(text) {
        // The asynchronous clipboard exists only on https and localhost; elsewhere the older selection copy works.
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text).then(function () { return true; },
                function () { return copyWithSelection(text); });
        }
        return Promise.resolve(copyWithSelection(text));
    }

    function say(form, text, failed) {
        var status = form.querySelector('.copy-status');
        status.textContent = text;
        status.classList.toggle('failed', !!failed);
    }

    function showForManualCopy(form, url) {
        var input = form.querySelector('input.copy-manual') || document.createElement('input');
        input.className = 'copy-manual';
        input.readOnly = true;
        input.value = url;
        form.appendChild(input);
        input.select();
    }

    document.addEventListener('DOMContentLoaded', function () {
        document.querySelectorAll('form.copy-url').forEach(function (form) {
            form.addEventListener('submit', function (event) {
                event.preventDefault();
                say(form, 'Copying…');
                fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin',
                        headers: { 'Accept': 'text/plain' } })
                    .then(function (answer) {
                        var plain = (answer.headers.get('Content-Type') || '').indexOf('text/plain') === 0;
                        // A session that ended redirects to the login page: never copy that.
                        if (answer.redirected || !plain) {
                            throw new Error('Your session has ended: reload the page and log in again.');
                        }
                        return answer.text().then(function (text) {
                            if (!answer.ok) {
                                throw new Error(text);
                            }
                            return text;
                        });
                    })
                    .then(function (url) {
                        return copy(url).then(function (copied) {
                            if (copied) {
                                say(form, 'Copied, token included.');
                            } else {
                                say(form, 'The browser refused the clipboard: copy it from here.', true);
                                showForManualCopy(form, url);
                            }
                        });
                    })
                    .catch(function (problem) {
                        say(form, problem.message || 'Could not copy.', true);
                    });
            });
        });
    });
})();
