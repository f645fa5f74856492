import html
import re

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render(markdown: str) -> str:
    out = []
    for line in markdown.splitlines():
        m = HEADING.match(line)
        if m:
            level = len(m.group(1))
            text = html.escape(m.group(2))
            out.append(f'<h{level} id="{slugify(m.group(2))}">{text}</h{level}>')
        elif line.strip():
            out.append(f"<p>{html.escape(line.strip())}</p>")
    return "\n".join(out)
