import click


@click.group()
@click.option("--verbose", "-v", is_flag=True, help="Print more.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose


@cli.command()
@click.argument("name")
@click.option("--times", default=1, show_default=True, type=click.IntRange(1, 10))
@click.pass_context
def greet(ctx: click.Context, name: str, times: int) -> None:
    for _ in range(times):
        click.echo(f"Hello, {name}!")
    if ctx.obj["verbose"]:
        click.echo(f"greeted {name} {times} time(s)", err=True)


if __name__ == "__main__":
    cli()
