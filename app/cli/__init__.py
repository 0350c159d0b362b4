"""The `privshare` command: the parser and top-level error line (main), exit codes
(errors), the profile and secrets (common), an open account (session), the local demo
(demo), and one module per group of subcommands (commands/).
"""
