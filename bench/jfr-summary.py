"""Where a Java process spent its CPU: JFR execution samples grouped by the library of the innermost known frame.

usage: jfr print --events jdk.ExecutionSample --stack-depth 96 FILE.jfr | python3 bench/jfr-summary.py
Prints a Markdown table (share of samples per group). A sample is charged to the first frame, from the top of the
stack, that belongs to a known library; JDK frames (collections, strings, I/O) are charged to their caller.
"""
import collections
import re
import sys

GROUPS = [
    ("JSON (Jackson: reading the payload, writing the answer)", ("tools.jackson", "com.fasterxml.jackson")),
    ("page templates (jte)", ("gg.jte", ".Jte")),
    ("PostgreSQL JDBC driver", ("org.postgresql",)),
    ("H2 database engine", ("org.h2",)),
    ("connection pool (Hikari)", ("com.zaxxer",)),
    ("page cache and course switch cache (Caffeine)", ("com.github.benmanes",)),
    ("metrics (Micrometer)", ("io.micrometer",)),
    ("Spring Security filters", ("org.springframework.security",)),
    ("Spring MVC and filters", ("org.springframework.web",)),
    ("Spring (JDBC templates, messages, proxies)", ("org.springframework",)),
    ("Tomcat (HTTP parsing, sockets, threads)", ("org.apache",)),
    ("the service's own code", ("com.openedxpok",)),
    ("db-scheduler", ("com.github.kagkarlsson",)),
]
FRAME = re.compile(r"^\s+([\w$.<>]+)\(", re.M)

counts = collections.Counter()
total = 0
for event in sys.stdin.read().split("jdk.ExecutionSample")[1:]:
    frames = FRAME.findall(event)
    if not frames:
        continue
    total += 1
    group = "JDK only (no library frame on the stack)"
    for frame in frames:
        found = next((name for name, prefixes in GROUPS if any(p in frame for p in prefixes)), None)
        if found:
            group = found
            break
    counts[group] += 1

print("| where | share of CPU samples |")
print("|---|---|")
for group, n in counts.most_common():
    print(f"| {group} | {100 * n / max(total, 1):.1f} % |")
print(f"| (samples) | {total} |")
