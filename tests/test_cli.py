"""The command line keeps its contract: every command has help with an example, and the README's
command-line section shows every command and option there is, and no other command."""
import argparse
import re
from pathlib import Path

import pytest

from flows.cli import parser

REPO = Path(__file__).resolve().parents[1]

COMMANDS = ["run", "query", "report", "eval", "serve", "compact"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "example: dateline " + command in out


def subcommands() -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)).choices


def readme_command_line() -> str:
    """README.md's `## Command line` section, up to the next section of its level."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Command line\n"):]
    end = re.search(r"^## ", section[2:], re.M)
    return section[: end.start() + 2] if end else section


def readme_on(command: str) -> str:
    """What the section says of ``command``: its synopsis lines and its bullets (`- `run ...`)."""
    section = readme_command_line()
    synopsis = [line for line in section.splitlines() if re.match(rf"\s*(\S*/)?dateline {command}\b", line)]
    bullets = re.findall(rf"^- `{command}\b.*?(?=^- |^#|\Z)", section, re.M | re.S)
    return "\n".join(synopsis + bullets)


def test_the_commands_the_readme_names_are_the_commands_the_cli_has():
    section = readme_command_line()
    named = set(re.findall(r"\bdateline ([a-z][a-z-]*)", section)) | set(re.findall(r"^- `([a-z]+)\b", section, re.M))
    assert sorted(subcommands()) == sorted(COMMANDS)
    assert named == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_readme_shows_every_option_and_choice_of_every_command(command):
    said = readme_on(command)
    assert said, f"README.md's command-line section says nothing of `{command}`"
    actions = subcommands()[command]._actions
    options = [o for a in actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    choices = [c for a in actions if not a.option_strings and a.choices for c in a.choices]
    assert [o for o in options + choices if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", said)] == []


@pytest.mark.parametrize("argv", [["run", "--data-dir", "d", "--model", "en_core_web_trf", "a.txt", "b/"],
                                  ["query", "SELECT 1", "--format", "json"]])
def test_contract_options_parse(argv):
    args = parser().parse_args(argv)
    assert args.command == argv[0]


def test_a_failing_gold_scorer_says_why(tmp_path):
    from evaluation.scorer import run_scorer

    broken = tmp_path / "scorer.py"
    broken.write_text("import sys\nprint('gold file not found', file=sys.stderr)\nsys.exit(2)\n")
    with pytest.raises(RuntimeError, match="scorer.py score failed: gold file not found"):
        run_scorer(broken, "score", "--gold", "x")
    ok = tmp_path / "ok.py"
    ok.write_text("print('{\"f1\": 1.0}')\n")
    assert run_scorer(ok, "score") == '{"f1": 1.0}\n'


def test_runs_on_their_own_temporary_server_send_no_heartbeats_and_others_keep_them():
    from prefect.settings import get_current_settings

    from flows.startup import flow_run_settings

    default = get_current_settings().flows.heartbeat_frequency
    with flow_run_settings(object()):  # a temporary server: gone with the run, no automations
        assert get_current_settings().flows.heartbeat_frequency is None
    with flow_run_settings(None):  # `dateline serve`'s or the user's server
        assert get_current_settings().flows.heartbeat_frequency == default is not None


@pytest.mark.parametrize("argv, said", [
    (["run", "--processes", "0"], "0 worker processes"),
    (["run", "--processes", "-1"], "-1 worker processes"),
    (["run", "--processes", "1000"], "1000 worker processes"),
    (["run", "--data-dir", ""], "an empty path"),
    (["query", "SELECT 1", "--data-dir", " "], "an empty path"),
    (["report", "--data-dir", ""], "an empty path"),
])
def test_options_that_would_harm_the_machine_or_the_current_folder_are_refused(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args(argv)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_eval_imports_its_code_from_the_checkout_and_says_when_there_is_none(monkeypatch, tmp_path, capsys):
    import flows.cli

    assert Path(flows.cli.evaluation_module("scorer").__file__) == REPO / "evaluation" / "scorer.py"
    monkeypatch.setattr(flows.cli, "CHECKOUT", tmp_path)  # an installation without a checkout
    assert flows.cli.main(["eval", "quotes", "--gold", str(tmp_path)]) == 1
    assert "`eval` needs a checkout of Dateline" in capsys.readouterr().err


def test_a_path_that_does_not_exist_is_refused_before_anything_starts(tmp_path, capsys):
    from flows.cli import main

    data = tmp_path / "data"
    assert main(["run", str(REPO / "seeds" / "articles"), str(tmp_path / "no-such.txt"), "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert err == f"dateline: no such file or folder: {tmp_path / 'no-such.txt'}\n"
    assert not data.exists(), "no data dir made, no server started"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_and_argument_has_help(command):
    actions = [a for a in subcommands()[command]._actions if not isinstance(a, argparse._HelpAction)]
    assert [a.dest for a in actions if not a.help] == []
