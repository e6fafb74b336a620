"""The block-style YAML writer the recorders share: strings JSON-quoted, multi-line strings as
literals. Imported by azure/gen, openstack/gen and http/gen."""
import json
import re


def _scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return json.dumps(v, ensure_ascii=True)


def _literal(text, indent):
    chomp = "-" if not text.endswith("\n") else ("+" if text.endswith("\n\n") else "")
    body = text[:-1] if text.endswith("\n") and chomp == "" else text
    if chomp == "+":
        body = text[:-1]
    pad = " " * indent
    lines = body.split("\n")
    return "|%d%s\n" % (2, chomp) + "".join((pad + line if line else "") + "\n" for line in lines)


def _emit(v, indent, out):
    pad = " " * indent
    if isinstance(v, dict):
        if not v:
            out.append(" {}\n")
            return
        out.append("\n")
        for k, item in v.items():
            out.append("%s%s:" % (pad, _scalar(k) if not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", k) else k))
            _emit_value(item, indent, out)
    elif isinstance(v, list):
        if not v:
            out.append(" []\n")
            return
        out.append("\n")
        for item in v:
            out.append("%s-" % pad)
            _emit_value(item, indent + 2, out, in_list=True)
    else:
        raise TypeError(v)


def _emit_value(item, indent, out, in_list=False):
    child = indent if in_list else indent + 2
    if isinstance(item, (dict, list)):
        _emit(item, child, out)
    elif isinstance(item, str) and "\n" in item:
        out.append(" " + _literal(item, child))
    else:
        out.append(" %s\n" % _scalar(item))


def to_yaml(doc):
    out = []
    for k, v in doc.items():
        out.append("%s:" % k)
        _emit_value(v, 0, out)
    return "".join(out)
