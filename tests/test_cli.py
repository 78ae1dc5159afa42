"""The command line keeps its contract: every command has help with an example."""
import pytest

from flows.cli import parser

COMMANDS = ["run", "query", "report", "eval", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "example: dateline " + command in out


def test_the_commands_the_readme_names_exist():
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)


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
