"""One module per `review` subcommand, each with register(subparsers, epilog)."""
