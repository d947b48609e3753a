"""The plugin's settings, apart from Tutor so that the tests can read them without Tutor installed.

Values are Jinja templates that Tutor renders against the whole configuration (LMS_HOST, MYSQL_HOST, ...).
"""

from .__about__ import __version__

# Settings with a default. Every one can be changed with `tutor config save --set NAME=value`.
DEFAULTS = {
    "VERSION": __version__,
    # Where the release workflow (.github/workflows/release.yml) pushes the image; point it at your own registry.
    "DOCKER_IMAGE": "ghcr.io/openedx-pok/openedx-pok:{{ POKSERVICE_VERSION }}",
    # Learners' browsers and operators reach the service here, through Caddy.
    "HOST": "pok.{{ LMS_HOST }}",
    # Open edX's containers call the service at this name. Django's URL field refuses a host name without a dot,
    # so it is the Kubernetes "service.namespace" name, which also resolves on docker compose (a network alias).
    "INTERNAL_HOST": "pokservice.{{ K8S_NAMESPACE }}",
    "PORT": 8080,
    "REPLICAS": 1,
    # The container's memory limit; the JVM sizes its heap from it (the image's -XX:MaxRAMPercentage).
    "MEMORY_LIMIT_MIB": 512,
    "MYSQL_DATABASE": "pokservice",
    "MYSQL_USERNAME": "pokservice",
    # The service's first console administrator (docs/operations.md).
    "ADMIN_USERNAME": "pokadmin",
    # POK. Without an API key the service runs in demo mode on its built-in simulator.
    "API_URL": "https://api.pok.tech/",
    "API_KEY": "",
    "TEMPLATE_ID": "",
    "PAGE_ID": "",
    # Any other setting of docs/configuration.md, as {"NAME": "value"}.
    "EXTRA_ENV": {},
    # The LMS staff user that owns the OAuth2 application the service reads the LMS API with.
    "LMS_USERNAME": "pok_service",
    "LMS_EMAIL": "pok_service@openedx",
    "OAUTH2_CLIENT_ID": "pokservice",
    # How the service reaches the LMS and Studio inside the deployment (Tutor's own services).
    "LMS_INTERNAL_URL": "http://lms:8000",
    "CMS_INTERNAL_URL": "http://cms:8000",
    "OPENEDX_WEBHOOKS_REQUIREMENT": "openedx-webhooks>=21,<22",
    # The certificate events sent by openedx-webhooks (docs/openedx-setup.md, section 3).
    "WEBHOOK_EVENTS": ["CERTIFICATE_CREATED", "CERTIFICATE_REVOKED"],
    # Certificate events through Open edX's Redis event bus as well (issue #18): the LMS publishes them, the
    # service consumes them, and none is lost while the service is down.
    "EVENT_BUS_ENABLED": False,
    # Tutor's LMS settings hard-code EVENT_BUS_TOPIC_PREFIX = 'dev'; change both together.
    "EVENT_BUS_TOPIC_PREFIX": "dev",
}

# Generated once per installation by `tutor config save` and kept in config.yml.
UNIQUE = {
    "WEBHOOK_TOKEN": "{{ 32|random_string }}",
    "MYSQL_PASSWORD": "{{ 24|random_string }}",
    "ADMIN_PASSWORD": "{{ 24|random_string }}",
    "OAUTH2_CLIENT_SECRET": "{{ 32|random_string }}",
}

PREFIX = "POKSERVICE_"


def prefixed(settings):
    return [(PREFIX + name, value) for name, value in settings.items()]
