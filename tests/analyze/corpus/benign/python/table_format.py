"""Render rows as an aligned text or markdown table.

Example (this only formats strings; nothing is executed):

    rows = [("service", "status"), ("web", "running")]
    print(render(rows, style="markdown"))
"""
from string import Template

HEADER_TMPL = Template("== $title ($count rows) ==")


def column_widths(rows):
    return [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]


def render(rows, style="text"):
    widths = column_widths(rows)
    lines = []
    for n, row in enumerate(rows):
        cells = [str(c).ljust(w) for c, w in zip(row, widths)]
        if style == "markdown":
            lines.append("| " + " | ".join(cells) + " |")
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        else:
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


if __name__ == "__main__":
    systemctl_status = [
        ("unit", "state", "since"),
        ("nginx.service", "active", "3 days"),
        ("cron.service", "active", "3 days"),
        ("backup.timer", "inactive", "-"),
    ]
    print(HEADER_TMPL.substitute(title="services", count=len(systemctl_status) - 1))
    print(render(systemctl_status))
    print()
    print(render(systemctl_status, style="markdown"))
    print("{:>10}|{:^10}|{:<10}".format("right", "centre", "left"))
    print(f"{3.14159:.2f} {42:08b} {255:#x} {1234567:,}")
