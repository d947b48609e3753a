"""Tutor plugin `pokservice`: runs the openedx-pok service beside Open edX and wires Open edX to it.

`tutor local launch` then creates the service's MySQL database and user, the LMS's OAuth2 application for the
service, and openedx-webhooks' Webfilter and Webhook rows pointing at the service (init tasks), and rebuilds the
openedx image with openedx-webhooks installed.
"""

import os
from glob import glob

from tutor import hooks

from . import config

HERE = os.path.abspath(os.path.dirname(__file__))
TEMPLATES = os.path.join(HERE, "templates")

hooks.Filters.CONFIG_DEFAULTS.add_items(config.prefixed(config.DEFAULTS))
hooks.Filters.CONFIG_UNIQUE.add_items(config.prefixed(config.UNIQUE))

# Init tasks are shell scripts rendered with the configuration and run in the named service's container.
for service in ("mysql", "lms"):
    with open(os.path.join(TEMPLATES, "pokservice", "tasks", service, "init"), encoding="utf-8") as task:
        hooks.Filters.CLI_DO_INIT_TASKS.add_item((service, task.read()))

# Patches may include templates of this root (the service's environment, shared by docker compose and Kubernetes).
hooks.Filters.ENV_TEMPLATE_ROOTS.add_item(TEMPLATES)

for path in sorted(glob(os.path.join(HERE, "patches", "*"))):
    with open(path, encoding="utf-8") as patch:
        hooks.Filters.ENV_PATCHES.add_item((os.path.basename(path), patch.read()))

hooks.Filters.IMAGES_PULL.add_item(("pokservice", "{{ POKSERVICE_DOCKER_IMAGE }}"))


@hooks.Filters.IMAGES_BUILD_REQUIRED.add()
def _openedx_image_with_webhooks(images, context_name):
    # openedx-webhooks is installed in the openedx image: `launch` must rebuild it once the plugin is enabled.
    if "openedx" not in images:
        images.append("openedx")
    return images


@hooks.Filters.APP_PUBLIC_HOSTS.add()
def _public_hosts(hosts, context_name):
    hosts.append("{{ POKSERVICE_HOST }}")
    return hosts
