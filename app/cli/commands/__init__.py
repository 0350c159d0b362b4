"""One module per group of `privshare` subcommands, each with `register(subparsers)`."""
