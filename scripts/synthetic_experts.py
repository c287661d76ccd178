"""Write synthetic experts and assignments as FORMATS.md JSON Lines (for imports and load tests).

    .venv/bin/python scripts/synthetic_experts.py 10000 /tmp/experts.jsonl \
        --assignments 20 /tmp/assignments.jsonl [--seed 0] [--texts-per-expert 10]

The profiles come from matcher.synthetic: plain English words typical of each sector in
sentences of realistic length, so embedding them costs about what real profiles cost.
Record i of a seed is always the same.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from matcher.records import assignment_to_dict, expert_to_dict
from matcher.synthetic import SyntheticWorld


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experts", type=int)
    parser.add_argument("experts_file", type=Path)
    parser.add_argument("--assignments", nargs=2, metavar=("COUNT", "FILE"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--texts-per-expert", type=int, default=10)
    args = parser.parse_args()
    world = SyntheticWorld(args.seed)
    with args.experts_file.open("w", encoding="utf-8") as out:
        for i in range(args.experts):
            expert = world.expert(i, args.texts_per_expert)
            out.write(json.dumps(expert_to_dict(expert)) + "\n")
    if args.assignments:
        count, path = int(args.assignments[0]), Path(args.assignments[1])
        with path.open("w", encoding="utf-8") as out:
            for j in range(count):
                out.write(json.dumps(assignment_to_dict(world.assignment(j))) + "\n")


if __name__ == "__main__":
    main()
