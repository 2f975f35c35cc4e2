"""Documentation that can be checked: every command has help with an example, and every
setting is in the README."""

from pathlib import Path
from typing import Any

import typer
import typer.main

from kembar.cli import app
from kembar.config import SETTINGS

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            out += _commands(cmd, f"{prefix}{name} ")
        else:
            out.append((prefix + name, cmd))
    return out


def test_every_command_has_help_with_an_example() -> None:
    commands = _commands(typer.main.get_command(app))
    assert len(commands) >= 8
    for name, cmd in commands:
        assert cmd.help and "Example: kembar" in cmd.help, name


def test_every_setting_and_command_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    for setting in SETTINGS:
        # the README's table row is the setting's own help and default, word for word
        default = f"`{setting.default}`" if setting.default else "(empty)"
        assert f"| `{setting.env}` | {setting.help} | {default} |" in text, setting.env
    for name, _ in _commands(typer.main.get_command(app)):
        assert f"kembar {name}" in text, name
