"""Run the matcher's command line: `python -m matcher {score,rank,evaluate,bench,...}`."""

from matcher.cli import main

raise SystemExit(main())
