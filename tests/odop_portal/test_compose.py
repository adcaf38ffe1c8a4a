"""docker-compose.yml cannot run here (no Docker engine), so check what it promises instead."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_names_the_production_services_with_health_checks():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name in ("web", "worker", "db", "redis"):
        assert "healthcheck" in services[name], f"{name} has no health check"


def test_compose_commands_use_what_exists_in_the_project():
    services = _compose()["services"]
    web = (
        " ".join(services["web"]["command"])
        if isinstance(services["web"]["command"], list)
        else services["web"]["command"]
    )
    assert "gunicorn" in web and "odop_portal.wsgi" in web
    assert (ROOT / "odop_portal" / "wsgi.py").exists()
    for name in ("worker", "beat"):
        command = services[name]["command"]
        text = " ".join(command) if isinstance(command, list) else command
        assert "celery" in text and "-A odop_portal" in text
    assert (ROOT / "odop_portal" / "celery.py").exists()
    requirements = (ROOT / "requirements.txt").read_text().lower()
    assert "gunicorn==" in requirements and "celery==" in requirements


def test_compose_wires_the_services_through_environment_variables():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name].get("environment", {})
        text = str(env) + str(services[name].get("env_file", ""))
        assert "DATABASE_URL" in text and "REDIS_URL" in text, name
    build = services["web"]["build"]
    dockerfile = ROOT / (build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile")
    assert dockerfile.exists()


def test_worker_and_beat_come_back_after_they_exit():
    services = _compose()["services"]
    assert services["worker"]["restart"] == "unless-stopped"
    assert services["beat"]["restart"] == "unless-stopped"
