"""Prints bench/views_at_volume.py's figures (the JSON file it wrote) as a table."""

import json
import sys


def main(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    print("\nEvery view at volume (Odoo's clickbot over the Complaints menu)")
    header = f"{'role':<24} {'views':>5} {'median s':>9} {'slowest s':>10} {'filter s':>9}"
    print(f"  {header} {'total s':>8}  slowest view")
    for role, result in data.items():
        print(
            f"  {role:<24} {result['views_opened']:>5} {result['median_view_seconds']!s:>9} "
            f"{result['slowest_view_seconds']:>10} {result['slowest_filter_seconds']:>9} "
            f"{result['seconds']:>8}  {result['slowest_view']}"
        )
    print("  (filter s: the slowest view's mean time for a filter click to show its records)")


if __name__ == "__main__":
    main(sys.argv[1])
