"""Replaces one marked section of a Markdown file (or appends it): the benchmark scripts rewrite only their own table.

usage: python3 bench/write-section.py NAME FILE < section.md
The section read from standard input must start with <!-- NAME:start --> and end with <!-- NAME:end -->.
"""
import re
import sys

name, path = sys.argv[1], sys.argv[2]
section = sys.stdin.read().strip("\n")
try:
    text = open(path, encoding="utf-8").read()
except FileNotFoundError:
    text = "# Benchmarks\n\nMeasured on the machines named in each section; every section says how to reproduce it.\n"
pattern = re.compile(r"<!-- " + re.escape(name) + r":start -->.*?<!-- " + re.escape(name) + r":end -->", re.S)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
