"""`python -m nntui` runs the command line."""

from nntui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
