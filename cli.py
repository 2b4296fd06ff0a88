"""Command line: parses options, calls one core function, reports."""

import click


@click.group()
def main() -> None:
    """paritrana: score and rank Paritrana Award candidates."""
