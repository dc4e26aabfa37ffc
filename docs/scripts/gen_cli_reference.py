"""Writes reference/cli.md from the commands themselves, so the page cannot drift from the code."""

import click
import mkdocs_gen_files

from cevns.cli import cli


def _section(name: str, command: click.Command, parent: click.Context) -> str:
    ctx = click.Context(command, info_name=name, parent=parent)
    text = f"## `cevns {name}`\n\n```text\n{command.get_help(ctx)}\n```\n"
    return text


root = click.Context(cli, info_name="cevns")
parts = ["# Command line\n", "Generated from the commands' own help when the documentation is built.\n",
         f"```text\n{cli.get_help(root)}\n```\n"]
for name in cli.list_commands(root):
    parts.append(_section(name, cli.get_command(root, name), root))

with mkdocs_gen_files.open("reference/cli.md", "w") as page:
    page.write("\n".join(parts))
