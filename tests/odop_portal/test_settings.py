import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "SECRET_KEY"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "false",
            "SECRET_KEY": "k" * 64 + "-a-long-random-production-secret",
            "ALLOWED_HOSTS": "odop.example.gov.in",
            "DATABASE_URL": "sqlite:///:memory:",
            "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.gov.in:587",
            "AADHAAR_HASH_KEY": "a-different-long-random-key-for-aadhaar-hashes",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    result = _run("check", env={"DEBUG": "false", "SECRET_KEY": "", "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_env_example_lists_every_setting_read_from_the_environment():
    settings_text = (ROOT / "odop_portal" / "settings" / "__init__.py").read_text()
    import re

    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_text))
    example = (ROOT / ".env.example").read_text()
    missing = sorted(name for name in names if f"{name}=" not in example)
    assert names, "no settings found"
    assert missing == []


def test_aadhaar_hash_key_is_required_when_debug_is_off():
    result = _run(
        "check",
        env={
            "DEBUG": "false",
            "SECRET_KEY": "k" * 60,
            "AADHAAR_HASH_KEY": "",
            "DATABASE_URL": "sqlite:///:memory:",
        },
    )
    assert result.returncode != 0
    assert "AADHAAR_HASH_KEY must be set when DEBUG is off" in result.stderr


def _production_env(**overrides: str) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": "k" * 64 + "-a-long-random-production-secret",
        "ALLOWED_HOSTS": "odop.example.gov.in",
        "DATABASE_URL": "sqlite:///:memory:",
        "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.gov.in:587",
        "AADHAAR_HASH_KEY": "a-different-long-random-key-for-aadhaar-hashes",
        **overrides,
    }


def test_deploy_check_refuses_a_short_aadhaar_key():
    result = _run("check", "--deploy", env=_production_env(AADHAAR_HASH_KEY="short-key-123"))
    assert result.returncode != 0
    assert "odop.E001" in result.stderr + result.stdout


def test_deploy_check_refuses_an_aadhaar_key_equal_to_the_secret_key():
    secret = "s" * 70
    result = _run("check", "--deploy", env=_production_env(SECRET_KEY=secret, AADHAAR_HASH_KEY=secret))
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "odop.E002" in output
    assert "odop.E001" not in output
