"""Renders every template of the plugin with a sample Tutor configuration and checks what comes out.

Needs only Jinja2 and PyYAML (Debian: python3-jinja2, python3-yaml), not Tutor: the few Tutor filters the templates
use are given the same meaning here. Run from deploy/tutor:

    python3 -m unittest discover -s tests -t . -v
"""

import ast
import glob
import json
import os
import re
import secrets
import string
import subprocess
import sys
import tempfile
import types
import unittest

import jinja2
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from tutorpokservice import config  # noqa: E402  (needs ROOT on the path)

PACKAGE = os.path.join(ROOT, "tutorpokservice")
TEMPLATES = os.path.join(PACKAGE, "templates")
CONFIGURATION_DOC = os.path.join(ROOT, "..", "..", "docs", "configuration.md")

# The service reads these (issue #18, the Redis event bus consumer) but docs/configuration.md on this branch does
# not list them yet.
# The part of Tutor 21's configuration the templates read, with Tutor's defaults.
TUTOR_CONFIG = {
    "LMS_HOST": "lms.example.org",
    "CMS_HOST": "studio.{{ LMS_HOST }}",
    "PLATFORM_NAME": "Example Learning",
    "ENABLE_HTTPS": True,
    "K8S_NAMESPACE": "openedx",
    "MYSQL_HOST": "mysql",
    "MYSQL_PORT": 3306,
    "MYSQL_ROOT_USERNAME": "root",
    "MYSQL_ROOT_PASSWORD": "rootpass",
    "REDIS_HOST": "redis",
    "REDIS_PORT": 6379,
    "REDIS_USERNAME": "",
    "REDIS_PASSWORD": "",
    "RUN_MYSQL": True,
    "RUN_REDIS": True,
}


def random_string(length):
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(length))


def list_if(services):
    return json.dumps([name for name, condition in services if condition])


def environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([TEMPLATES]), undefined=jinja2.StrictUndefined)
    env.filters["random_string"] = random_string
    env.filters["list_if"] = list_if
    return env


def render_value(env, value, context):
    if isinstance(value, str):
        return env.from_string(value).render(**context)
    if isinstance(value, dict):
        return {k: render_value(env, v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [render_value(env, v, context) for v in value]
    return value


def tutor_config(**overrides):
    """The configuration as `tutor config save` leaves it: unique values generated, templates in values rendered."""
    env = environment()
    raw = dict(TUTOR_CONFIG)
    raw.update(config.prefixed(config.DEFAULTS))
    raw.update(config.prefixed(config.UNIQUE))
    raw.update(overrides)
    rendered = dict(raw)
    for _ in range(5):  # values may name values that name values
        rendered = {k: render_value(env, v, rendered) for k, v in raw.items() if k not in overrides} | overrides
        raw = rendered
    return rendered


def render_patch(name, cfg):
    with open(os.path.join(PACKAGE, "patches", name), encoding="utf-8") as f:
        return environment().from_string(f.read()).render(**cfg)


def render_task(service, cfg):
    with open(os.path.join(TEMPLATES, "pokservice", "tasks", service, "init"), encoding="utf-8") as f:
        return environment().from_string(f.read()).render(**cfg)


def compose_service(cfg):
    # The patch goes under `services:` of local/docker-compose.yml, indented by 2.
    text = "services:\n  " + render_patch("local-docker-compose-services", cfg).replace("\n", "\n  ")
    return yaml.safe_load(text)["services"]["pokservice"]


class ConfigTest(unittest.TestCase):
    def test_every_setting_has_the_plugin_prefix_and_the_name_is_not_pok(self):
        for name, _ in config.prefixed(config.DEFAULTS) + config.prefixed(config.UNIQUE):
            self.assertTrue(name.startswith("POKSERVICE_"), name)
        with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
            entry_points = f.read().split('[project.entry-points."tutor.plugin.v1"]')[1]
        self.assertRegex(entry_points, r'\npokservice = "tutorpokservice.plugin"')

    def test_generated_secrets_satisfy_the_service(self):
        cfg = tutor_config()
        # docs/configuration.md: the token is at least 16 of A-Z a-z 0-9 . _ ~ -; the password at least 12.
        self.assertRegex(cfg["POKSERVICE_WEBHOOK_TOKEN"], r"^[A-Za-z0-9._~-]{16,}$")
        self.assertGreaterEqual(len(cfg["POKSERVICE_ADMIN_PASSWORD"]), 12)
        self.assertNotEqual(cfg["POKSERVICE_WEBHOOK_TOKEN"], tutor_config()["POKSERVICE_WEBHOOK_TOKEN"])


class ComposeTest(unittest.TestCase):
    def test_the_service_with_its_environment(self):
        cfg = tutor_config()
        service = compose_service(cfg)
        self.assertEqual("ghcr.io/openedx-pok/openedx-pok:" + config.DEFAULTS["VERSION"], service["image"])
        env = service["environment"]
        self.assertEqual("https://pok.lms.example.org/", env["PUBLIC_URL"])
        self.assertEqual("jdbc:mariadb://mysql:3306/pokservice?allowPublicKeyRetrieval=true", env["DATABASE_URL"])
        self.assertEqual("pokservice", env["DATABASE_USERNAME"])
        self.assertEqual(cfg["POKSERVICE_MYSQL_PASSWORD"], env["DATABASE_PASSWORD"])
        self.assertEqual(cfg["POKSERVICE_WEBHOOK_TOKEN"], env["OPENEDX_WEBHOOK_TOKEN"])
        self.assertEqual("pokadmin", env["POK_ADMIN_USERNAME"])
        self.assertEqual(cfg["POKSERVICE_ADMIN_PASSWORD"], env["POK_ADMIN_PASSWORD"])
        self.assertEqual("", env["POK_API_KEY"])  # blank: demo mode until the operator sets a key
        self.assertEqual("http://lms:8000", env["LMS_URL"])
        self.assertEqual("pokservice", env["OPENEDX_CLIENT_ID"])
        self.assertEqual(cfg["POKSERVICE_OAUTH2_CLIENT_SECRET"], env["OPENEDX_CLIENT_SECRET"])
        self.assertEqual("Example Learning", env["OPENEDX_PLATFORM_NAME"])
        self.assertEqual("8080", env["PORT"])
        self.assertTrue(all(isinstance(v, str) for v in env.values()), env)
        self.assertNotIn("OPENEDX_EVENT_BUS_REDIS_URL", env)
        self.assertEqual(["pokservice.openedx"], service["networks"]["default"]["aliases"])
        self.assertEqual(["mysql"], service["depends_on"])
        self.assertEqual("512m", service["mem_limit"])
        self.assertEqual(["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/livez"],
                         service["healthcheck"]["test"])

    def test_every_variable_is_a_documented_setting_of_the_service(self):
        with open(CONFIGURATION_DOC, encoding="utf-8") as f:
            documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", f.read(), re.MULTILINE))
        env = compose_service(tutor_config(POKSERVICE_EVENT_BUS_ENABLED=True))["environment"]
        self.assertEqual(set(), set(env) - documented)

    def test_plain_http_and_extra_settings(self):
        cfg = tutor_config(ENABLE_HTTPS=False, POKSERVICE_EXTRA_ENV={"POK_RENDER_MODE": "redirect", "POK_TIMEOUT": 10},
                           POKSERVICE_API_KEY='a"b\'c: #d')
        env = compose_service(cfg)["environment"]
        self.assertEqual("http://pok.lms.example.org/", env["PUBLIC_URL"])
        self.assertEqual("redirect", env["POK_RENDER_MODE"])
        self.assertEqual("10", env["POK_TIMEOUT"])
        self.assertEqual('a"b\'c: #d', env["POK_API_KEY"])  # quoted whatever it holds

    def test_event_bus(self):
        cfg = tutor_config(POKSERVICE_EVENT_BUS_ENABLED=True)
        service = compose_service(cfg)
        self.assertEqual("redis://redis:6379", service["environment"]["OPENEDX_EVENT_BUS_REDIS_URL"])
        self.assertEqual("dev", service["environment"]["OPENEDX_EVENT_BUS_TOPIC_PREFIX"])
        self.assertEqual(["mysql", "redis"], service["depends_on"])
        settings = render_patch("openedx-lms-common-settings", cfg)
        module = {}
        exec(compile(settings, "openedx-lms-common-settings", "exec"), module)
        self.assertIs(True, module["SEND_LEARNING_CERTIFICATE_LIFECYCLE_EVENTS_TO_BUS"])
        cfg = tutor_config(POKSERVICE_EVENT_BUS_ENABLED=True, REDIS_USERNAME="u", REDIS_PASSWORD="p")
        self.assertEqual("redis://u:p@redis:6379", compose_service(cfg)["environment"]["OPENEDX_EVENT_BUS_REDIS_URL"])

    def test_event_bus_is_off_by_default(self):
        self.assertEqual("", render_patch("openedx-lms-common-settings", tutor_config()).strip())

    def test_caddy(self):
        cfg = tutor_config()
        self.assertEqual(["pok.lms.example.org"], yaml.safe_load(render_patch("local-docker-compose-caddy-aliases", cfg)))
        caddyfile = render_patch("caddyfile", cfg)
        self.assertIn("pok.lms.example.org{$default_site_port} {", caddyfile)
        self.assertIn('import proxy "pokservice:8080"', caddyfile)
        self.assertEqual(caddyfile.count("{"), caddyfile.count("}"))

    def test_openedx_image_installs_openedx_webhooks(self):
        dockerfile = render_patch("openedx-dockerfile-post-python-requirements", tutor_config())
        self.assertIn('$PIP_COMMAND install "openedx-webhooks>=21,<22"', dockerfile)


class KubernetesTest(unittest.TestCase):
    def test_deployment_and_service(self):
        cfg = tutor_config(POKSERVICE_REPLICAS=3)
        deployments = [d for d in yaml.safe_load_all(render_patch("k8s-deployments", cfg)) if d]
        services = [d for d in yaml.safe_load_all(render_patch("k8s-services", cfg)) if d]
        self.assertEqual(["Deployment"], [d["kind"] for d in deployments])
        self.assertEqual(["Service"], [d["kind"] for d in services])
        deployment, service = deployments[0], services[0]
        self.assertEqual(3, deployment["spec"]["replicas"])
        pod = deployment["spec"]["template"]
        self.assertEqual(deployment["spec"]["selector"]["matchLabels"], pod["metadata"]["labels"])
        self.assertEqual(service["spec"]["selector"], pod["metadata"]["labels"])
        # The Service's name and namespace make the dotted name openedx-webhooks calls.
        self.assertEqual(cfg["POKSERVICE_INTERNAL_HOST"], service["metadata"]["name"] + "." + cfg["K8S_NAMESPACE"])
        self.assertEqual([{"port": 8080, "protocol": "TCP"}], service["spec"]["ports"])
        container = pod["spec"]["containers"][0]
        self.assertEqual([{"containerPort": 8080}], container["ports"])
        self.assertEqual({"path": "/readyz", "port": 8080}, container["readinessProbe"]["httpGet"])
        self.assertEqual({"path": "/livez", "port": 8080}, container["livenessProbe"]["httpGet"])
        self.assertEqual("512Mi", container["resources"]["limits"]["memory"])
        self.assertEqual(10001, pod["spec"]["securityContext"]["runAsUser"])
        # The same environment as on docker compose.
        env = {e["name"]: e["value"] for e in container["env"]}
        self.assertEqual(compose_service(cfg)["environment"], env)


class InitTasksTest(unittest.TestCase):
    def run_script(self, script, fake_commands):
        """Runs the rendered script under sh with stand-ins for the commands it calls; returns each call's argv."""
        with tempfile.TemporaryDirectory() as tmp:
            calls = os.path.join(tmp, "calls.jsonl")
            for path, name in fake_commands:
                target = os.path.join(tmp, path)
                with open(target, "w", encoding="utf-8") as f:
                    f.write("#!%s\nimport json, sys\nwith open(%r, 'a') as f:\n    f.write(json.dumps([%r] + sys.argv[1:]) + '\\n')\n"
                            % (sys.executable, calls, name))
                os.chmod(target, 0o755)
            result = subprocess.run(["sh", "-e", "-c", script], cwd=tmp, capture_output=True, text=True,
                                    env={"PATH": tmp + os.pathsep + os.environ.get("PATH", "")})
            self.assertEqual(0, result.returncode, result.stderr)
            with open(calls, encoding="utf-8") as f:
                return [json.loads(line) for line in f]

    def test_mysql_database_user_and_grants(self):
        cfg = tutor_config()
        calls = self.run_script(render_task("mysql", cfg), [("mysql", "mysql")])
        self.assertEqual(1, len(calls))
        argv = calls[0]
        self.assertEqual(["mysql", "-u", "root", "--password=rootpass", "--host", "mysql", "--port", "3306", "-e"], argv[:9])
        statements = [s.strip() for s in argv[9].split(";") if s.strip()]
        password = cfg["POKSERVICE_MYSQL_PASSWORD"]
        self.assertEqual([
            "CREATE DATABASE IF NOT EXISTS pokservice CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            f"CREATE USER IF NOT EXISTS 'pokservice'@'%' IDENTIFIED BY '{password}'",
            f"ALTER USER 'pokservice'@'%' IDENTIFIED BY '{password}'",
            "GRANT ALL PRIVILEGES ON pokservice.* TO 'pokservice'@'%'",
            "FLUSH PRIVILEGES",
        ], statements)

    def lms_calls(self, cfg):
        return self.run_script(render_task("lms", cfg), [("manage.py", "./manage.py")])

    def test_lms_user_and_oauth2_application(self):
        cfg = tutor_config()
        calls = self.lms_calls(cfg)
        self.assertEqual(["./manage.py", "lms", "manage_user", "pok_service", "pok_service@openedx", "--staff",
                          "--unusable-password"], calls[0])
        self.assertEqual(["./manage.py", "lms", "create_dot_application", "--grant-type", "client-credentials",
                          "--client-id", "pokservice", "--client-secret", cfg["POKSERVICE_OAUTH2_CLIENT_SECRET"],
                          "--skip-authorization", "--update", "pokservice", "pok_service"], calls[1])
        self.assertEqual(["./manage.py", "lms", "shell", "-c"], calls[2][:4])
        self.assertEqual(3, len(calls))

    def run_webhooks_script(self, cfg, existing=()):
        """Runs the Django shell code of the LMS task against stand-ins of openedx-webhooks' models."""
        code = self.lms_calls(cfg)[2][4]
        ast.parse(code)
        stored = list(existing)

        class Row:
            def __init__(self, **fields):
                self.__dict__.update(fields)

            def full_clean(self):
                # What Django's URLField refuses that could happen here: a host without a dot, over 255 characters.
                host = re.match(r"^https?://([^/:?]+)", self.webhook_url).group(1)
                if "." not in host or len(self.webhook_url) > 255:
                    raise ValueError("Enter a valid URL.")

            def save(self):
                if self not in stored:
                    stored.append(self)

        class Manager:
            def __init__(self, kind):
                self.kind = kind

            def filter(self, **criteria):
                rows = [r for r in stored if r.kind == self.kind and all(
                    getattr(r, k.replace("__startswith", "")).startswith(v) if k.endswith("__startswith")
                    else getattr(r, k) == v for k, v in criteria.items())]
                return types.SimpleNamespace(first=lambda: rows[0] if rows else None)

        def model(kind):
            cls = type(kind, (Row,), {"objects": Manager(kind)})
            cls.__init__ = lambda self, **fields: Row.__init__(self, kind=kind, **fields)
            return cls

        models = types.ModuleType("openedx_webhooks.models")
        models.Webfilter, models.Webhook = model("Webfilter"), model("Webhook")
        sys.modules["openedx_webhooks"] = types.ModuleType("openedx_webhooks")
        sys.modules["openedx_webhooks.models"] = models
        printed = []
        try:
            exec(compile(code, "lms init", "exec"), {"print": lambda *a: printed.append(" ".join(map(str, a)))})
        finally:
            del sys.modules["openedx_webhooks.models"], sys.modules["openedx_webhooks"]
        return stored, printed, models

    def test_webfilters_and_webhooks_with_the_token(self):
        cfg = tutor_config()
        token = cfg["POKSERVICE_WEBHOOK_TOKEN"]
        rows, printed, _ = self.run_webhooks_script(cfg)
        base = "http://pokservice.openedx:8080"
        filters = {r.event: r for r in rows if r.kind == "Webfilter"}
        creation, render = filters["CertificateCreationRequested"], filters["CertificateRenderStarted"]
        self.assertEqual(base + "/openedx/webfilters/certificate-creation-requested?token=" + token, creation.webhook_url)
        self.assertEqual(base + "/openedx/webfilters/certificate-render-started?token=" + token, render.webhook_url)
        self.assertEqual((True, True), (creation.disable_filtering, creation.disable_halt))
        self.assertEqual((False, False), (render.disable_filtering, render.disable_halt))
        for row in (creation, render):
            self.assertEqual((False, False, False), (row.halt_on_4xx, row.halt_on_5xx, row.halt_on_request_exception))
            self.assertEqual((True, False), (row.enabled, row.use_www_form_encoding))
        hooks = {r.event: r.webhook_url for r in rows if r.kind == "Webhook"}
        self.assertEqual({"CERTIFICATE_CREATED": base + "/openedx/webhooks/events?token=" + token,
                          "CERTIFICATE_REVOKED": base + "/openedx/webhooks/events?token=" + token}, hooks)
        self.assertEqual(4, len(rows))
        self.assertEqual(4, len(printed))
        self.assertFalse([line for line in printed if token in line], printed)

    def test_running_again_with_a_new_token_updates_the_same_rows(self):
        first = tutor_config()
        rows, _, _ = self.run_webhooks_script(first)
        second = dict(first, POKSERVICE_WEBHOOK_TOKEN="a-new-token-0123456789")
        rows_again, _, _ = self.run_webhooks_script(second, existing=rows)
        self.assertEqual(4, len(rows_again))
        self.assertEqual([id(r) for r in rows], [id(r) for r in rows_again])
        self.assertTrue(all(r.webhook_url.endswith("?token=a-new-token-0123456789") for r in rows_again))

    def test_a_host_without_a_dot_stops_the_task(self):
        cfg = tutor_config(POKSERVICE_INTERNAL_HOST="pokservice")
        with self.assertRaisesRegex(ValueError, "Enter a valid URL"):
            self.run_webhooks_script(cfg)


class EveryTemplateTest(unittest.TestCase):
    def test_every_patch_and_task_renders_in_every_mode(self):
        patches = sorted(glob.glob(os.path.join(PACKAGE, "patches", "*")))
        self.assertEqual(["caddyfile", "k8s-deployments", "k8s-services", "local-docker-compose-caddy-aliases",
                          "local-docker-compose-services", "openedx-dockerfile-post-python-requirements",
                          "openedx-lms-common-settings"], [os.path.basename(p) for p in patches])
        for https in (True, False):
            for bus in (True, False):
                cfg = tutor_config(ENABLE_HTTPS=https, POKSERVICE_EVENT_BUS_ENABLED=bus, RUN_MYSQL=https)
                for path in patches:
                    name = os.path.basename(path)
                    with self.subTest(patch=name, https=https, bus=bus):
                        text = render_patch(name, cfg)
                        if name.startswith(("local-docker-compose", "k8s-")):
                            list(yaml.safe_load_all(text))
                for service in ("mysql", "lms"):
                    with self.subTest(task=service):
                        subprocess.run(["sh", "-n", "-c", render_task(service, cfg)], check=True)


if __name__ == "__main__":
    unittest.main()
